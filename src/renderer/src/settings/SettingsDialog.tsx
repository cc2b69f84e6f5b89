// The settings screen: a dialog in which every change is applied at once
// (no Save), following changes made elsewhere while it is open.
import { Modal } from '../workspace/Modal';
import { NotificationRulesSection } from './NotificationRulesSection';
import { NotificationsSection } from './NotificationsSection';
import { PresenceSection, SystemSections } from './OtherSections';
import { useSettings } from './useSettings';

export function SettingsDialog({ onClose }: { readonly onClose: () => void }): React.JSX.Element {
  const { view, loadError, update, adopt } = useSettings();
  return (
    <Modal label="Settings" onClose={onClose} className="settings">
      <header className="modal__head">
        <h2>Settings</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </header>
      {loadError && (
        <p className="problem" role="alert">
          {loadError}
        </p>
      )}
      {!loadError && view === null && <p className="hint">Loading…</p>}
      {view && (
        <div className="settings__body">
          <NotificationsSection view={view} update={update} adopt={adopt} />
          <NotificationRulesSection view={view} update={update} />
          <PresenceSection view={view} update={update} />
          <SystemSections view={view} update={update} />
        </div>
      )}
    </Modal>
  );
}
