import { PERSON_PRESENCE_LABELS } from '../../../shared/ipc/describe';
import type { PresenceStatus } from '../../../shared/types';

/** A coloured dot that also says what it means, to screen readers and on hover. */
export function PresenceDot({ status }: { readonly status: PresenceStatus | null }): React.JSX.Element {
  const label = status ? PERSON_PRESENCE_LABELS[status] : 'Presence unknown';
  return <span className={`dot dot--${status ?? 'unknown'}`} role="img" aria-label={label} title={label} />;
}
