// Presence automation, start at login, connection security and where the
// token is kept.
import type { SettingsView } from '../../../shared/ipc/settings-schemas';
import { autoAwayProblem } from '../../../shared/settings-rules';
import { CommitField } from './CommitField';
import { Toggle } from './Toggle';
import type { SettingsState } from './useSettings';

interface Props {
  readonly view: SettingsView;
  readonly update: SettingsState['update'];
}

const MINUTES_INPUT = { type: 'number', inputMode: 'numeric', min: 0, max: 720, step: 1, size: 5 } as const;

/** "" is not 0: an emptied field is a mistake, not "off". */
const minutes = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function PresenceSection({ view, update }: Props): React.JSX.Element {
  return (
    <fieldset className="settings__group">
      <legend>Presence</legend>
      <CommitField
        label="Set me away after this many idle minutes"
        hint="0 turns auto-away off."
        value={String(view.presence.autoAwayMinutes)}
        input={MINUTES_INPUT}
        problem={(text) => autoAwayProblem(minutes(text))}
        update={update}
        toPatch={(text) => ({ presence: { autoAwayMinutes: minutes(text) } })}
      />
      <Toggle
        label="Set me away when the screen locks"
        checked={view.presence.awayOnScreenLock}
        update={update}
        toPatch={(awayOnScreenLock) => ({ presence: { awayOnScreenLock } })}
      />
    </fieldset>
  );
}

export function SystemSections({ view, update }: Props): React.JSX.Element {
  return (
    <>
      <fieldset className="settings__group">
        <legend>Start-up</legend>
        <Toggle
          label="Start Beacon when I log in"
          checked={view.launchAtLogin}
          update={update}
          toPatch={(launchAtLogin) => ({ launchAtLogin })}
        />
      </fieldset>
      <fieldset className="settings__group">
        <legend>Connection security</legend>
        <Toggle
          label="Allow ws:// to hosts other than this computer"
          hint="ws:// is unencrypted: the token and messages cross the network readable. Leave this off unless the network is yours."
          checked={view.allowInsecureHosts}
          update={update}
          toPatch={(allowInsecureHosts) => ({ allowInsecureHosts })}
        />
      </fieldset>
      <section className="settings__group" aria-labelledby="settings-keychain">
        <h3 id="settings-keychain">Token storage</h3>
        <p className="settings__keychain">
          {view.keychain.kind === 'os' ? 'Stored in the OS keychain' : `Memory only: ${view.keychain.problem ?? 'the OS keychain is not in use.'}`}
        </p>
      </section>
    </>
  );
}
