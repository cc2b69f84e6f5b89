import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/relay';
import { CliProcess, TEAM, cleanup, connectWithToken, num, startTestRelay, until, type TestClient } from './helpers';

const ENV = { BEACON_RELAY_SECRET: '' };
let dir = '';
const procs: CliProcess[] = [];
const cli = (args: string[]): CliProcess => {
  const p = new CliProcess(args, ENV);
  procs.push(p);
  return p;
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beacon-relay-cli-'));
});
afterEach(async () => {
  for (const p of procs.splice(0)) p.kill();
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tokenFor(user: string, extra: string[] = []): Promise<string> {
  const p = cli(['token', '--user', user, ...extra]);
  const { code } = await p.exit;
  expect(code, p.stderr).toBe(0);
  return p.lines[0] ?? '';
}

describe('relay CLI', () => {
  it('loses nothing it acknowledged when SIGKILLed mid-stream, and continues seq after restart', { timeout: 90_000 }, async () => {
    const workspace = path.join(dir, 'workspace.json');
    fs.writeFileSync(workspace, JSON.stringify(TEAM));
    const data = path.join(dir, 'data');
    const args = ['--json', '--port', '0', '--data', data, '--workspace', workspace, '--history', '100000'];
    const token = await tokenFor('ann', ['--data', data]);

    const first = cli(args);
    const { url } = await first.listening();
    const ann = await connectWithToken(url, token);
    await ann.waitForType('presence_snapshot');
    // Stream sends in bursts; kill the relay while they are in flight.
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 200 && ann.ws.readyState === ann.ws.OPEN; i++) ann.send({ type: 'send', thread_id: 't1', client_id: `k${sent}`, body: `body ${sent++}` });
    }, 5);
    await until(() => ann.ofType('ack').length >= 1000, '1000 acks', 30_000);
    first.kill('SIGKILL');
    await first.exit;
    clearInterval(pump);
    await ann.waitClosed();
    const acked = new Map(ann.ofType('ack').map((a) => [String(a.client_id), { id: a.id, seq: a.seq }]));
    expect(sent).toBeGreaterThan(acked.size); // the kill really happened mid-stream

    const second = cli(args);
    const { url: url2 } = await second.listening();
    const again = await connectWithToken(url2, token);
    const threads = await again.waitForType('threads');
    const lastSeq = (threads.data as { id: string; lastSeq: number }[]).find((t) => t.id === 't1')?.lastSeq ?? 0;
    expect(lastSeq).toBeGreaterThanOrEqual(acked.size);
    again.send({ type: 'subscribe', thread_id: 't1' });
    const replay = await again.waitForCount((f) => f.type === 'message', lastSeq, 'replayed messages', 30_000);
    expect(replay.map((m) => m.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    const byId = new Map(replay.map((m) => [m.id, m]));
    for (const [clientId, a] of acked) {
      const m = byId.get(a.id);
      expect(m, `acked ${clientId}`).toBeDefined();
      expect(m?.seq).toBe(a.seq);
      expect(m?.body).toBe(`body ${clientId.slice(1)}`);
    }
    // A resend of an acknowledged send is recognised after the crash; new sends continue the seq.
    const [someClientId, someAck] = [...acked][0] ?? ['', { id: '', seq: 0 }];
    again.send({ type: 'send', thread_id: 't1', client_id: someClientId, body: 'resend' });
    again.send({ type: 'send', thread_id: 't1', client_id: 'fresh', body: 'new' });
    const resent = await again.waitFor((f) => f.type === 'ack' && f.client_id === someClientId);
    expect({ id: resent.id, seq: resent.seq }).toEqual(someAck);
    expect(num(await again.waitFor((f) => f.type === 'ack' && f.client_id === 'fresh'), 'seq')).toBe(lastSeq + 1);
    second.kill('SIGTERM');
    expect((await again.waitClosed()).code).toBe(1012);
    expect(await second.exit).toEqual({ code: 0, signal: null });
  });

  it('prints a token with `token --secret` that a relay with that secret accepts', async () => {
    const secret = 'cli-test-secret-0123456789abcdef';
    const token = await tokenFor('ann', ['--secret', secret, '--expires', '120']);
    const verified = await verifyToken(secret, token);
    expect(verified.ok && verified.token.userId).toBe('ann');
    expect(verified.ok && verified.token.expiresAt).toBeLessThanOrEqual(Date.now() + 121_000);
    const relay = await startTestRelay({ workspace: TEAM, secret });
    const client = await connectWithToken(relay.url, token);
    expect(await client.waitForType('auth')).toMatchObject({ data: { userId: 'ann' } });
  });

  it('mints with `token --data DIR` for the relay of that data directory, which keeps its random secret', async () => {
    const data = path.join(dir, 'data');
    const token = await tokenFor('ann', ['--data', data]);
    expect(fs.statSync(path.join(data, 'relay-secret')).mode & 0o777).toBe(0o600);
    const p = cli(['--json', '--port', '0', '--data', data]);
    const { url } = await p.listening();
    const client = await connectWithToken(url, token);
    expect(await client.waitForType('auth')).toMatchObject({ data: { userId: 'ann' } });
  });

  it('exits 2 with a clear message on bad flags', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /--port must be an integer/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['token'], /--user NAME is required/],
      [['launch'], /unknown command "launch"/],
      [['token', '--user', 'ann'], /--data DIR .* or its --secret S/],
      [['--allow-origin', 'https://app.example.com/path'], /--allow-origin must be an origin/],
      [['--workspace', path.join(dir, 'missing.json')], /cannot read workspace file/],
    ];
    const runs = cases.map(([args]) => cli(args));
    for (const [i, run] of runs.entries()) {
      const [args, message] = cases[i] ?? [[], /./];
      const { code } = await run.exit;
      expect(code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('--demo serves a workspace the printed token signs into, with history and a live bot', { timeout: 60_000 }, async () => {
    const p = cli(['--demo', '--demo-interval', '100', '--port', '0']);
    const output = await until(() => (p.lines.some((l) => l.startsWith('Press Ctrl+C')) ? p.lines : undefined), 'the demo banner', 30_000);
    const url = /Beacon relay on (ws:\/\/\S+)/.exec(output.join('\n'))?.[1];
    const tokenLine = output[output.findIndex((l) => l.includes('Demo user "you" token')) + 1];
    expect(url).toBeDefined();
    expect(tokenLine).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const you: TestClient = await connectWithToken(url ?? '', tokenLine ?? '');
    const threads = await you.waitForType('threads');
    const list = threads.data as { id: string; lastSeq: number }[];
    expect(list.map((t) => t.id)).toEqual(['general', 'deploys', 'design', 'random']);
    expect(list.every((t) => t.lastSeq > 0)).toBe(true);
    const snapshot = await you.waitForType('presence_snapshot');
    expect((snapshot.data as unknown[]).length).toBeGreaterThanOrEqual(5);
    for (const t of list) you.send({ type: 'subscribe', thread_id: t.id, since: t.lastSeq });
    // The bot posts new messages, moves people's presence and notifies the demo user.
    await you.waitFor((f) => f.type === 'message', 'a bot message', 15_000);
    await you.waitFor((f) => f.type === 'user_presence', 'a presence change', 15_000);
    expect(await you.waitForType('notification', 15_000)).toMatchObject({ data: { level: expect.any(String), message: expect.any(String) } });
    p.kill('SIGINT');
    expect((await you.waitClosed()).code).toBe(1012);
    expect((await p.exit).code).toBe(0);
  });
});
