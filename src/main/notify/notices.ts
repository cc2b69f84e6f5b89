// Which connection changes deserve a native notification. Only the ones a
// person must act on: the app keeps reconnecting by itself otherwise.
import type { ConnectionState } from '../../shared/types';

export interface Notice {
  readonly title: string;
  readonly body: string;
}

export function connectionNotice(previous: ConnectionState | null, next: ConnectionState): Notice | null {
  if (next.state !== 'auth_failed' || previous?.state === 'auth_failed') return null;
  return next.forbidden
    ? { title: 'Beacon: access refused', body: `The server refused this account: ${next.reason}` }
    : { title: 'Beacon: sign in again', body: `The server no longer accepts your sign-in: ${next.reason}` };
}

/** Feeds each state through connectionNotice, remembering the previous one. */
export function watchConnectionNotices(
  subscribe: (listener: (state: ConnectionState) => void) => () => void,
  initial: ConnectionState,
  show: (notice: Notice) => void,
): () => void {
  let previous: ConnectionState | null = initial;
  return subscribe((state) => {
    const notice = connectionNotice(previous, state);
    previous = state;
    if (notice) show(notice);
  });
}
