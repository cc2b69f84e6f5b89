// A control subscriber: a bare `ws` client in the bench process, subscribed to
// the same thread as the renderer under test, stamping each frame's marker on
// arrival (no JSON.parse). Its latency is what the sender, the relay and this
// machine's load cost by themselves, so the rest of a renderer's latency is
// its own (Beacon: main's engine, store, batching and IPC, then the window).
import WebSocket from 'ws';
import { MARKER_SOURCE } from './marker';
import type { ProbeSamples } from './probe-api';

export interface Tap {
  take(): ProbeSamples;
  close(): void;
}

export async function startTap(relayUrl: string, token: string, threadId: string): Promise<Tap> {
  const marker = new RegExp(MARKER_SOURCE, 'y');
  let pending: ProbeSamples = { k: [], sent: [], seen: [] };
  const ws = new WebSocket(relayUrl, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'subscribe', thread_id: threadId }));
  ws.on('message', (data: Buffer) => {
    const now = Date.now();
    const text = data.toString();
    const at = text.lastIndexOf('⟦');
    if (at < 0) return;
    marker.lastIndex = at;
    const m = marker.exec(text);
    if (!m) return;
    pending.k.push(Number(m[1]));
    pending.sent.push(Number(m[2]));
    pending.seen.push(now);
  });
  // The relay drops clients silent for its idle timeout; the bench's is long, and a ping keeps this one honest anyway.
  const ping = setInterval(() => ws.send('{"type":"ping"}'), 20_000);
  ping.unref();
  return {
    take() {
      const out = pending;
      pending = { k: [], sent: [], seen: [] };
      return out;
    },
    close() {
      clearInterval(ping);
      ws.terminate();
    },
  };
}
