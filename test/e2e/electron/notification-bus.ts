// Linux: a private session bus for the app under test, with a tiny
// org.freedesktop.Notifications server on it (python3-dbus, so no daemon
// package is needed and nothing pops up on a developer's desktop), and
// dbus-monitor watching the Notify calls: what the app really sends over D-Bus.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { z } from 'zod';
import { closed, OPEN, type Gate } from '../../support/system-gate';
import { waitFor } from '../helpers';

/** The system Python: python3-dbus and python3-gi are Debian packages, not in a pyenv or venv. */
const PYTHON = '/usr/bin/python3';
const IFACE = 'org.freedesktop.Notifications';

/**
 * The server: answers what libnotify asks (capabilities, server info, Notify,
 * CloseNotification), prints each Notify as a JSON line with the id it gave,
 * and on "click <id>" (stdin) does what a server does when the user clicks a
 * notification: ActionInvoked(id, "default"), then NotificationClosed(id, 2).
 */
const SERVER = `
import json, os, sys
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
        if not replaces:
            self.last += 1
        nid = int(replaces or self.last)
        print(json.dumps({'id': nid, 'summary': str(summary), 'body': str(body), 'actions': [str(a) for a in actions]}), flush=True)
        return nid
    @dbus.service.method(IFACE, in_signature='u', out_signature='')
    def CloseNotification(self, nid):
        self.NotificationClosed(nid, 3)
    @dbus.service.signal(IFACE, signature='uu')
    def NotificationClosed(self, nid, reason):
        pass
    @dbus.service.signal(IFACE, signature='us')
    def ActionInvoked(self, nid, key):
        pass
DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
server = Server(bus)
loop = GLib.MainLoop()
pending = b''
def on_stdin(fd, condition):
    global pending
    chunk = os.read(fd, 4096)
    if not chunk:
        loop.quit()
        return False
    pending += chunk
    while b'\\n' in pending:
        line, pending = pending.split(b'\\n', 1)
        parts = line.decode().split()
        if len(parts) == 2 and parts[0] == 'click':
            nid = dbus.UInt32(int(parts[1]))
            server.ActionInvoked(nid, 'default')
            server.NotificationClosed(nid, 2)
    return True
GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, on_stdin)
print('ready', flush=True)
loop.run()
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

/** A Notify as the server took it: the id it answered and the actions the client offered. */
const ServedSchema = z.object({ id: z.number().int().positive(), summary: z.string(), body: z.string(), actions: z.array(z.string()) });
export type Served = z.infer<typeof ServedSchema>;

export interface NotificationBus {
  /** DBUS_SESSION_BUS_ADDRESS for the app. */
  readonly address: string;
  /** Every Notify call dbus-monitor has seen so far (the probes left out). */
  notifies(): NotifyCall[];
  /** Every Notify the server answered (the probes left out). */
  served(): Served[];
  /** Clicks the newest notification with this summary, as a notification server reports a user's click. */
  click(summary: string): void;
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

/** A child's stdout as lines, kept as they come; `ready` resolves with the first. */
function lines(child: ChildProcess, what: string, timeoutMs = 10_000): { all: string[]; ready: Promise<string> } {
  const all: string[] = [];
  let partial = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing in ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      all.push(...parts.map((p) => p.trim()));
      const first = all[0];
      if (first === undefined) return;
      clearTimeout(timer);
      resolve(first);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready`));
    });
  });
  return { all, ready };
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
    const address = await lines(bus, 'dbus-daemon').ready;
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
    const server = spawn(PYTHON, ['-c', SERVER], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(server);
    const log = lines(server, 'the notification server');
    if ((await log.ready) !== 'ready') throw new Error('the notification server did not start');
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
    const served = (): Served[] =>
      log.all.slice(1).flatMap((line) => {
        if (!line.startsWith('{')) return [];
        const parsed = ServedSchema.safeParse(JSON.parse(line));
        return parsed.success && parsed.data.summary !== 'beacon-probe' ? [parsed.data] : [];
      });
    return {
      address,
      notifies: () => parseNotifies(seen).filter((c) => c.appName !== 'probe'),
      served,
      click(summary) {
        const target = served().findLast((n) => n.summary === summary);
        if (!target) throw new Error(`the notification server was sent no "${summary}"`);
        server.stdin.write(`click ${target.id}\n`);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
