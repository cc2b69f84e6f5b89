// Plain `ws` clients for the relay benchmarks, in the bench process (the relay
// is a child process of its own). A client is ready once its presence_snapshot
// (the last page of it) has arrived: the relay has then sent it everything a
// connect brings.
import { WebSocket } from 'ws';
import { mintToken } from '../../src/relay';

/** Connects at most this many clients at a time. */
export const CONNECT_CONCURRENCY = 100;
const CONNECT_TIMEOUT_MS = 60_000;

export const WS_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true } as const;

export function openClient(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, ...WS_OPTIONS });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no presence_snapshot within 60 s'));
    }, CONNECT_TIMEOUT_MS);
    const onMessage = (data: Buffer): void => {
      if (!data.subarray(0, 40).toString().startsWith('{"type":"presence_snapshot"')) return;
      const page = /"page":(\d+),"pages":(\d+)/.exec(data.subarray(Math.max(0, data.length - 120)).toString());
      if (page && page[1] !== page[2]) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      clearTimeout(timer);
      resolve(ws);
    };
    const onClose = (code: number): void => {
      clearTimeout(timer);
      reject(new Error(`closed with ${code} before its presence_snapshot`));
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', () => {}); // the close that follows reports it
  });
}

/** Connects every user, CONNECT_CONCURRENCY at a time; the sockets come back in the users' order. */
export async function connectAll(url: string, secret: string, users: string[], progress?: (done: number) => void): Promise<WebSocket[]> {
  const tokens = await Promise.all(users.map((u) => mintToken(secret, u)));
  const out: WebSocket[] = new Array<WebSocket>(users.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < users.length) {
      const i = next++;
      out[i] = await openClient(url, tokens[i] as string);
      progress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, users.length) }, worker));
  return out;
}

export function closeAll(sockets: WebSocket[]): void {
  for (const ws of sockets) ws.terminate();
}
