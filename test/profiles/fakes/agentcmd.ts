// Fake agentcmd server (an agent command server: Fastify + @fastify/websocket,
// one endpoint `ws://host/ws`, Phoenix-channels style `{channel, type, data}`).
//
// Source facts: issue 11 section 2 ("agentcmd"), checked against agentcmd's
// public `apps/app/src/server/websocket` (index.ts, handlers/global.handler.ts,
// handlers/session.handler.ts, infrastructure/subscriptions.ts). Reproduced:
// - Token: the `token` query parameter, else `Authorization: Bearer <token>`;
//   an HS256 JWT whose `userId` claim is the user (`mintAgentcmdToken`).
// - The upgrade is always accepted. No token → `{"channel":"global","type":
//   "global.error","data":{"error":"Authentication required","message":"No
//   authentication token provided"}}` then close 1008; a forged, malformed or
//   expired token → the same with "Authentication failed", then close 1008.
// - Signed in → `{"channel":"global","type":"global.connected","data":
//   {"timestamp":<ms>,"userId":…}}`.
// - Every frame either way is `{channel, type, data}`; server events go to the
//   subscribers of their channel (`publish`). Channels are `domain:id`.
// - Subscribe: `{"channel":"global","type":"subscribe","data":{"channels":[…]}}`
//   or the one-channel form `{"type":"subscribe","channel":"session:123"}`
//   (the form). Each channel is answered on the global channel with
//   `global.subscription_success {channel}` or `global.subscription_error
//   {channel, error}`; only `session`, `project` and `terminal` domains exist.
//   `unsubscribe` is answered with `global.subscription_success` too (the
//   source does exactly that). `session.subscribe` / `session.unsubscribe` on
//   a session channel subscribe silently, as in the source.
// - Ping: `{"channel":"global","type":"ping"}` (or `global.ping`) →
//   `{"channel":"global","type":"global.pong","data":{"timestamp":<ms>}}`.
//   A frame with no channel (a bare `{"type":"ping"}` included) is answered
//   `global.error` "Unknown channel" / "Invalid channel format: undefined".
//   Text that is not JSON → `global.error` "Failed to process message".
// - Another type on a session channel → `session.error` {error: "Unknown
//   session action", sessionId} to that channel's subscribers.
// ASSUMPTIONS: the issue's `{"type":"subscribe","channel":"session:123"}` works
// for every domain (the source's session router would answer it "Unknown
// session action"; its legacy form works for project channels only).
// `session.send_message` only auto-subscribes (no agent runs here). The
// "Authentication failed" message is the source's fallback text. No server
// heartbeat and no silence drop (none in the source). Other paths → HTTP 404
// (Fastify's not-found). Restart: `fastify.close()` makes @fastify/websocket
// call `close()` on every client, so they see a close frame without a status
// (1005): restartStyle 'close-empty'.
import { FakeCore, sendJson, signHs256, typed, verifyHs256, withBase, type FakeClient, type FakeServerBase } from './base';

export const AGENTCMD_TEST_SECRET = 'agentcmd-fake-secret-0123456789abcdef';
const DOMAINS = new Set(['session', 'project', 'terminal']);

export interface AgentcmdFakeOptions {
  port?: number;
  secret?: string;
  /** Whether `userId` may subscribe to `channel` (real: session ownership / project existence). Default: yes. */
  canAccess?(userId: string, channel: string): boolean;
}

export interface AgentcmdFrame {
  channel: string;
  type: string;
  data: unknown;
}

export interface AgentcmdFake extends FakeServerBase {
  /** Channels of the open sockets of `userId` (one list per socket). */
  subscriptionsOf(userId: string): string[][];
  /** Sends `{channel, type, data}` to the channel's subscribers; returns the frame. */
  publish(channel: string, type: string, data: unknown): AgentcmdFrame;
}

interface Ctx {
  /** null when the token was refused: the socket is being closed with 1008. */
  userId: string | null;
  refusal?: { error: string; message: string };
  channels: Set<string>;
}

/** An agentcmd token: HS256 with the user in `userId`. */
export function mintAgentcmdToken(userId: string, opts: { secret?: string; expiresInSec?: number } = {}): Promise<string> {
  return signHs256(opts.secret ?? AGENTCMD_TEST_SECRET, { userId }, opts.expiresInSec);
}

function parseChannel(channel: unknown): { domain: string; id: string } | null {
  if (typeof channel !== 'string') return null;
  const colon = channel.indexOf(':');
  return colon > 0 && colon < channel.length - 1 ? { domain: channel.slice(0, colon), id: channel.slice(colon + 1) } : null;
}

export async function startAgentcmdFake(options: AgentcmdFakeOptions = {}): Promise<AgentcmdFake> {
  const secret = options.secret ?? AGENTCMD_TEST_SECRET;
  const global = (c: FakeClient<Ctx>, type: string, data: unknown): void => sendJson(c.ws, { channel: 'global', type, data });
  const toChannel = (channel: string, type: string, data: unknown): AgentcmdFrame => {
    const frame = { channel, type, data };
    core.broadcast(frame, (c) => c.context.channels.has(channel));
    return frame;
  };

  const subscribe = (c: FakeClient<Ctx>, channels: unknown, on: boolean): void => {
    if (!Array.isArray(channels)) {
      const verb = on ? 'subscribe' : 'unsubscribe';
      return global(c, 'global.subscription_error', { channel: '', error: `Invalid ${verb} request: channels must be an array` });
    }
    for (const channel of channels.map(String)) {
      if (!on) {
        c.context.channels.delete(channel);
        global(c, 'global.subscription_success', { channel });
        continue;
      }
      const parsed = parseChannel(channel);
      const reason = !parsed
        ? `Invalid channel ID format: ${channel}`
        : !DOMAINS.has(parsed.domain)
          ? `Unknown resource type: ${parsed.domain}`
          : options.canAccess && !options.canAccess(c.context.userId ?? '', channel)
            ? `Access denied to ${parsed.domain}`
            : null;
      if (reason === null) c.context.channels.add(channel);
      global(c, reason === null ? 'global.subscription_success' : 'global.subscription_error', reason === null ? { channel } : { channel, error: reason });
    }
  };

  const onFrame = (c: FakeClient<Ctx>, frame: unknown, text: string): void => {
    if (c.context.userId === null) return;
    if (frame === undefined) {
      let message = 'Malformed message';
      try {
        JSON.parse(text);
      } catch (err) {
        message = (err as Error).message;
      }
      return global(c, 'global.error', { error: 'Failed to process message', message });
    }
    const { channel, type, data } = (typed(frame) ?? {}) as { channel?: unknown; type?: string; data?: unknown };
    const chan = typeof channel === 'string' ? channel : undefined;
    if (type === 'subscribe' || type === 'unsubscribe') {
      // global + data.channels, or the one-channel form for any domain:id channel.
      if (chan !== undefined && (chan === 'global' || parseChannel(chan))) {
        const channels = chan !== 'global' && data === undefined ? [chan] : (data as { channels?: unknown } | undefined)?.channels;
        return subscribe(c, channels, type === 'subscribe');
      }
    } else if (chan === 'global' || chan?.startsWith('project:')) {
      if (type === 'ping' || type === 'global.ping') global(c, 'global.pong', { timestamp: Date.now() });
      return;
    } else if (chan?.startsWith('session:')) {
      const sessionId = chan.slice('session:'.length);
      if (type === 'session.subscribe' || type === 'session.send_message') c.context.channels.add(chan);
      else if (type === 'session.unsubscribe') c.context.channels.delete(chan);
      else toChannel(chan, 'session.error', { error: 'Unknown session action', sessionId });
      return;
    } else if (chan?.startsWith('shell:')) {
      return; // shell streams are out of scope for a notification client
    }
    global(c, 'global.error', { error: 'Unknown channel', message: `Invalid channel format: ${String(channel)}` });
  };

  const core: FakeCore<Ctx> = await FakeCore.start<Ctx>({
    port: options.port,
    path: '/ws',
    restartStyle: 'close-empty',
    authorize: async (req, url) => {
      if (url.pathname !== '/ws') return { accept: false, status: 404 };
      const token = url.searchParams.get('token') || req.headers.authorization?.replace('Bearer ', '');
      if (!token) {
        return { accept: true, context: { userId: null, channels: new Set<string>(), refusal: { error: 'Authentication required', message: 'No authentication token provided' } } };
      }
      const claims = await verifyHs256(secret, token);
      if (typeof claims?.userId !== 'string' || claims.userId === '') {
        return { accept: true, context: { userId: null, channels: new Set<string>(), refusal: { error: 'Authentication failed', message: 'Invalid or expired token' } } };
      }
      return { accept: true, context: { userId: claims.userId, channels: new Set<string>() } };
    },
    onOpen: (c) => {
      if (c.context.refusal) {
        global(c, 'global.error', c.context.refusal);
        c.ws.close(1008, c.context.refusal.error);
      } else {
        global(c, 'global.connected', { timestamp: Date.now(), userId: c.context.userId });
      }
    },
    onFrame,
  });

  return withBase(core, () => {}, {
    subscriptionsOf(userId: string) {
      return [...core.clients].filter((c) => c.context.userId === userId).map((c) => [...c.context.channels]);
    },
    publish: toChannel,
  } satisfies Omit<AgentcmdFake, keyof FakeServerBase>);
}
