// Keeps the OS login item and the launchAtLogin setting saying the same
// thing. At start the OS wins: a user who switched Beacon off in System
// Settings (or deleted the autostart file) sees it off in Beacon too; a login
// item that is on is written again, so a moved app is started from where it
// is now. After that each change of the setting is applied and read back; a
// failure is logged and the setting shows what the OS really does.

export interface LoginItemBackend {
  /**
   * Whether the OS will really start Beacon at the next login: an entry the
   * user switched off (Windows Task Manager or Settings, macOS System Settings,
   * XDG Hidden=true) is off, even though it is still registered. Reading the
   * mere registration would make "on and on" below approve it again at every
   * start, against the user's choice.
   */
  isEnabled(): boolean;
  set(enabled: boolean): void;
}

export interface LaunchAtLoginSetting {
  get(): boolean;
  set(enabled: boolean): void;
  onChange(listener: (enabled: boolean) => void): () => void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function syncLoginItem(backend: LoginItemBackend, setting: LaunchAtLoginSetting, log: (line: string) => void): () => void {
  let applied: boolean;

  const read = (): boolean | null => {
    try {
      return backend.isEnabled();
    } catch (error) {
      log(`launch at login: could not read the system's login items: ${message(error)}`);
      return null;
    }
  };
  /** The setting follows the OS (without applying it back). */
  const follow = (actual: boolean): void => {
    applied = actual;
    if (setting.get() !== actual) setting.set(actual);
  };
  const apply = (wanted: boolean): void => {
    try {
      backend.set(wanted);
    } catch (error) {
      log(`launch at login: could not turn it ${wanted ? 'on' : 'off'}: ${message(error)}`);
    }
    const actual = read();
    if (actual === null) {
      applied = wanted;
      return;
    }
    if (actual !== wanted) log(`launch at login: asked for ${wanted ? 'on' : 'off'}, but the system reports ${actual ? 'on' : 'off'}; the setting shows that`);
    else log(`launch at login: ${actual ? 'on' : 'off'}`);
    follow(actual);
  };

  const atStart = read();
  const wanted = setting.get();
  if (atStart === null) applied = wanted;
  else if (atStart !== wanted) {
    log(`launch at login: the system reports ${atStart ? 'on' : 'off'}; the setting follows it`);
    follow(atStart);
  } else {
    applied = atStart;
    if (atStart) apply(true);
  }

  return setting.onChange((enabled) => {
    if (enabled !== applied) apply(enabled);
  });
}
