// Everyone the user shares a thread with, grouped by presence.
import { PERSON_PRESENCE_LABELS } from '../../../shared/ipc/describe';
import type { Person } from '../../../shared/ipc/workspace-schemas';
import type { PresenceStatus } from '../../../shared/types';
import { PresenceDot } from './PresenceDot';

const ORDER: readonly PresenceStatus[] = ['online', 'busy', 'away', 'offline'];

export function PeoplePanel({ people, presence = true }: { readonly people: readonly Person[]; readonly presence?: boolean }): React.JSX.Element {
  // A server without presence knows nobody's status: grouping everyone under "Offline" would be a lie.
  if (!presence) {
    return (
      <aside className="people" aria-label="People">
        <h2 className="people__heading">People</h2>
        <p className="hint">This server does not share presence.</p>
        <ul>
          {[...people].sort((a, b) => a.id.localeCompare(b.id)).map((person) => (
            <li key={person.id} className="person">
              <span>{person.id}</span>
              {person.self && person.id.toLowerCase() !== 'you' && <span className="person__self"> (you)</span>}
            </li>
          ))}
        </ul>
      </aside>
    );
  }
  return (
    <aside className="people" aria-label="People">
      <h2 className="people__heading">People</h2>
      {people.length === 0 && <p className="hint">Nobody here yet.</p>}
      {ORDER.map((status) => {
        const group = people.filter((p) => p.status === status).sort((a, b) => a.id.localeCompare(b.id));
        if (group.length === 0) return null;
        const label = `${PERSON_PRESENCE_LABELS[status]} (${group.length})`;
        return (
          <section key={status} className="people__group" aria-label={label}>
            <h3>{label}</h3>
            <ul>
              {group.map((person) => (
                <li key={person.id} className="person">
                  <PresenceDot status={person.status} />
                  <span>{person.id}</span>
                  {/* The demo's user is literally called "you": "you (you)" says nothing. */}
                  {person.self && person.id.toLowerCase() !== 'you' && <span className="person__self"> (you)</span>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
