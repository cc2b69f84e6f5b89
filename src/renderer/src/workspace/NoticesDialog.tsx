import type { Notice } from '../../../shared/ipc/workspace-schemas';
import { formatDay, formatTime } from './format';
import { Modal } from './Modal';

export function NoticesDialog({ notices, onClose }: { readonly notices: readonly Notice[]; readonly onClose: () => void }): React.JSX.Element {
  return (
    <Modal label="All notifications" onClose={onClose} className="notices">
      <header className="modal__head">
        <h2>Notifications</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </header>
      {notices.length === 0 ? (
        <p className="hint">No notifications yet.</p>
      ) : (
        <ul className="notices__list">
          {notices.map((n) => (
            <li key={n.id} className={`notice notice--${n.level}`}>
              <span className="notice__level">{n.kind === 'announcement' ? 'Announcement' : n.level}</span>
              <p>
                {n.title && <strong>{n.title}: </strong>}
                {n.message}
              </p>
              <time dateTime={new Date(n.at).toISOString()}>
                {formatDay(n.at)} {formatTime(n.at)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
