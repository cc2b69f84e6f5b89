// Linux: a private session bus for the app under test, with a tiny
// org.freedesktop.Notifications server on it (python3-dbus, so no daemon
// package is needed and nothing pops up on a developer's desktop), and
// dbus-monitor watching the Notify calls: what the app really sends over D-Bus.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closed, OPEN, type Gate } from '../../support/system-gate';
import { waitFor } from '../helpers';

/** The system Python: python3-dbus and python3-gi are Debian packages, not in a pyenv or venv. */
const PYTHON = '/usr/bin/python3';
const IFACE = 'org.freedesktop.Notifications';

/** The server: answers what libnotify asks (capabilities, server info, Notify, CloseNotification). */
const SERVER = `
import dbus, dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib
IFACE = '${IFACE}'
class Server(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, '/org/freedesktop/Notifications')
        self.last = 0
    @dbus.service.method(IFACE, in_signature='', out_signature='as')
    def GetCapabilities(self):
        return ['body', 'actions']
    @dbus.service.method(IFACE, in_signature='', out_signature='ssss')
    def GetServerInfo(self):
        return ('beacon-test', 'beacon', '1', '1.2')
    @dbus.service.method(IFACE, in_signature='susssasa{sv}i', out_signature='u')
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        if replaces:
            return replaces
        self.last += 1
        return self.last
    @dbus.service.method(IFACE, in_signature='u', out_signature='')
    def CloseNotification(self, id):
        self.NotificationClosed(id, 3)
    @dbus.service.signal(IFACE, signature='uu')
    def NotificationClosed(self, id, reason):
        pass
DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
Server(bus)
print('ready', flush=True)
GLib.MainLoop().run()
`;

/** One Notify call, as a client would send it: a probe, to know the monitor is listening. */
const PROBE = `
import sys, dbus
n = dbus.Interface(dbus.SessionBus().get_object('${IFACE}', '/org/freedesktop/Notifications'), '${IFACE}')
n.Notify('probe', 0, '', sys.argv[1], '', [], {}, -1)
`;

function has(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** What the Linux notification case needs besides Electron; checked once, when the suite is collected. */
export function notificationBusGate(): Gate {
  if (process.platform !== 'linux') return OPEN;
  const missing = [
    has('dbus-daemon', ['--version']) ? null : 'dbus-daemon',
    has('dbus-monitor', ['--help']) ? null : 'dbus-monitor',
    has(PYTHON, ['-c', 'import dbus, dbus.mainloop.glib; from gi.repository import GLib']) ? null : `${PYTHON} with dbus and gi (python3-dbus, python3-gi)`,
  ].filter((m): m is string => m !== null);
  return missing.length === 0 ? OPEN : closed(`no ${missing.join(', ')} for the notification server (apt-get install dbus python3-dbus python3-gi)`);
}

export interface NotifyCall {
  readonly appName: string;
  readonly summary: string;
  readonly body: string;
}

export interface NotificationBus {
  /** DBUS_SESSION_BUS_ADDRESS for the app. */
  readonly address: string;
  /** Every Notify call dbus-monitor has seen so far (the probes left out). */
  notifies(): NotifyCall[];
  close(): Promise<void>;
}

/**
 * dbus-monitor's default output, one message per unindented header line; a
 * Notify call's top-level arguments (3 spaces in) are app name, replaces id,
 * icon, summary, body. Strings are printed quoted and unescaped.
 */
export function parseNotifies(text: string): NotifyCall[] {
  const calls: NotifyCall[] = [];
  for (const block of text.split(/\n(?=\S)/)) {
    const [header = '', ...lines] = block.split('\n');
    if (!header.startsWith('method call') || !/member=Notify\b/.test(header)) continue;
    const strings = lines.map((l) => /^ {3}string "(.*)"$/.exec(l)?.[1]).filter((s): s is string => s !== undefined);
    const [appName, , summary, body] = strings;
    if (appName !== undefined && summary !== undefined && body !== undefined) calls.push({ appName, summary, body });
  }
  return calls;
}

function firstLine(child: ChildProcess, what: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing in ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(text.slice(0, end).trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function startNotificationBus(): Promise<NotificationBus> {
  const children: ChildProcess[] = [];
  const close = async (): Promise<void> => {
    for (const child of children.reverse()) await stop(child);
  };
  try {
    // Its stderr only says it could not raise its fd limit (not root, or a container).
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(bus);
    const address = await firstLine(bus, 'dbus-daemon');
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
    const server = spawn(PYTHON, ['-c', SERVER], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(server);
    if ((await firstLine(server, 'the notification server')) !== 'ready') throw new Error('the notification server did not start');
    const monitor = spawn('dbus-monitor', ['--session', `type='method_call',interface='${IFACE}',member='Notify'`], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(monitor);
    let seen = '';
    monitor.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    // The monitor is listening once it sees a probe; sent until then, since it may still be connecting.
    await waitFor(
      'dbus-monitor to see a probe Notify call',
      () => {
        spawnSync(PYTHON, ['-c', PROBE, 'beacon-probe'], { env, stdio: 'ignore', timeout: 5_000 });
        return parseNotifies(seen).some((c) => c.summary === 'beacon-probe');
      },
      10_000,
      200,
    );
    return {
      address,
      notifies: () => parseNotifies(seen).filter((c) => c.appName !== 'probe'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
