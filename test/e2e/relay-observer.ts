// A second user on the relay, to see what Beacon's user looks like to others.
import WebSocket from 'ws';
import type { Relay } from '../../src/relay';

export interface Observer {
  readonly frames: unknown[];
  close(): void;
}

export async function observe(relay: Relay, userId: string): Promise<Observer> {
  const token = await relay.mintToken(userId);
  const ws = new WebSocket(relay.url, { headers: { Authorization: `Bearer ${token}` } });
  const frames: unknown[] = [];
  ws.on('message', (data) => {
    try {
      frames.push(JSON.parse(data.toString()));
    } catch {
      // not JSON: irrelevant here
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { frames, close: () => ws.close() };
}

/** Whether the observer saw `userId` become `status`. */
export function sawPresence(o: Observer, userId: string, status: string): boolean {
  return o.frames.some((f) => {
    const frame = f as { type?: unknown; data?: { userId?: unknown; status?: unknown } };
    return frame.type === 'user_presence' && frame.data?.userId === userId && frame.data?.status === status;
  });
}

/** `userId`'s status in the presence snapshot the relay sends after auth; null before it arrives. */
export function snapshotStatus(o: Observer, userId: string): string | null {
  for (const f of o.frames) {
    const frame = f as { type?: unknown; data?: unknown };
    if (frame.type !== 'presence_snapshot' || !Array.isArray(frame.data)) continue;
    const entry = (frame.data as Array<{ userId?: unknown; status?: unknown }>).find((e) => e.userId === userId);
    return typeof entry?.status === 'string' ? entry.status : 'offline';
  }
  return null;
}
