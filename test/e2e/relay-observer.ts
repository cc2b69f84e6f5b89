// A second user on the relay, to see what Beacon's user looks like to others:
// the relay suite's recording client, plus checks over the frames it got.
import type { Relay } from '../../src/relay';
import { connect, type Frame } from '../relay/helpers';

export interface Observer {
  readonly frames: readonly Frame[];
  /** Sends a frame as this user (e.g. a presence choice made on another device). */
  send(frame: Record<string, unknown>): void;
  close(): void;
}

export async function observe(relay: Relay, userId: string): Promise<Observer> {
  const client = await connect(relay, userId);
  return { frames: client.frames, send: (frame) => client.send(frame), close: () => client.ws.close() };
}

/** Whether the observer saw `userId` become `status`. */
export function sawPresence(o: Observer, userId: string, status: string): boolean {
  return o.frames.some((frame) => {
    const data = frame.data as { userId?: unknown; status?: unknown } | undefined;
    return frame.type === 'user_presence' && data?.userId === userId && data?.status === status;
  });
}

/** `userId`'s status in the presence snapshot the relay sends after auth; null before it arrives. */
export function snapshotStatus(o: Observer, userId: string): string | null {
  for (const frame of o.frames) {
    if (frame.type !== 'presence_snapshot' || !Array.isArray(frame.data)) continue;
    const entry = (frame.data as Array<{ userId?: unknown; status?: unknown }>).find((e) => e.userId === userId);
    return typeof entry?.status === 'string' ? entry.status : 'offline';
  }
  return null;
}
