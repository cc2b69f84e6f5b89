// The muted threads, by title where the open workspace knows it (else by id),
// each with its Unmute button. A thread the workspace holds is unmuted through
// the workspace (so its row in the thread list changes too); any other id is
// taken out of the setting directly.
import { useEffect, useId, useState } from 'react';
import { useRefocus } from './useRefocus';
import { useApply, type SettingsState } from './useSettings';
import { FieldError } from './FieldError';

interface Props {
  readonly ids: readonly string[];
  readonly update: SettingsState['update'];
}

export function MutedThreads({ ids, update }: Props): React.JSX.Element {
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    window.beacon.workspace
      .snapshot()
      .then((s) => {
        if (live) setTitles(new Map(s.threads.map((t) => [t.id, t.title])));
      })
      .catch(() => {
        // Signed out or not loaded: the ids are shown instead.
      });
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="settings__field">
      <h3 id="settings-muted">Muted threads</h3>
      {ids.length === 0 ? (
        <p className="hint">No muted threads.</p>
      ) : (
        <ul className="settings__muted" aria-labelledby="settings-muted">
          {ids.map((id) => (
            <MutedRow key={id} id={id} title={titles.get(id) ?? id} known={titles.has(id)} ids={ids} update={update} />
          ))}
        </ul>
      )}
    </div>
  );
}

interface RowProps {
  readonly id: string;
  readonly title: string;
  readonly known: boolean;
  readonly ids: readonly string[];
  readonly update: SettingsState['update'];
}

function MutedRow({ id, title, known, ids, update }: RowProps): React.JSX.Element {
  const { pending, error, run } = useApply();
  const errorId = useId();
  const { ref, mark } = useRefocus<HTMLButtonElement>(pending);
  const inSetting = (): Promise<string | null> => update({ notifications: { mutedThreads: ids.filter((other) => other !== id) } });
  const unmute = async (): Promise<string | null> => {
    if (!known) return inSetting();
    try {
      await window.beacon.thread.setMuted({ threadId: id, muted: false });
      return null;
    } catch {
      // The workspace no longer holds it (signed out meanwhile): the setting still can change.
      return inSetting();
    }
  };
  return (
    <li>
      <span className="settings__muted-title">{title}</span>
      <button
        type="button"
        className="button button--small"
        aria-label={`Unmute ${title}`}
        aria-describedby={error ? errorId : undefined}
        disabled={pending}
        ref={ref}
        onClick={() => {
          mark();
          void run(unmute);
        }}
      >
        {pending ? 'Unmuting…' : 'Unmute'}
      </button>
      <FieldError id={errorId} error={error} />
    </li>
  );
}
