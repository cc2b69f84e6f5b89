// What a server profile declares: which server family Beacon is talking to and
// how that server speaks. Data the engine consults (never `if (server === …)`),
// plus a small codec for the wire envelope. No Node imports: the renderer lists
// profiles from here.
import type { ClientFrame } from '../encode';
import type { DecodeResult, NotificationLevel } from '../events';
import type { TokenTransport } from '../../types';
import type { ProfileId } from './ids';
import type { NotificationRule } from './rules';

/**
 * How the server confirms sign-in. `auth-frame`: an `auth` frame (a `connection_ack` is taken too);
 * `connection-ack`: a `connection_ack` frame (an `auth` frame is taken too); `upgrade`: the accepted
 * upgrade itself, for servers that send nothing until there is news (the engine is signed in at
 * `open`; the probe waits for a first frame or a short quiet period, so a refusal frame is seen).
 */
export type SignInConfirmation = 'auth-frame' | 'connection-ack' | 'upgrade';

/** A token transport the profile allows; a query or cookie rule without a name allows any name. */
export type TransportRule =
  | { kind: 'header' }
  | { kind: 'subprotocol' }
  | { kind: 'query'; param?: string }
  | { kind: 'cookie'; name?: string };

/** The subprotocol transport's shape: `offer` then `${tokenPrefix}${token}` in Sec-WebSocket-Protocol. */
export interface SubprotocolForm {
  offer: readonly string[];
  tokenPrefix: string;
}

/** What the engine does after a close code or HTTP status: sign in again, stop and show why, or retry with backoff. */
export type RefusalAction = 'reauth' | 'stop' | 'retry';

/**
 * A close-code or HTTP-status override: the action alone, or with the words to show when it
 * stops the engine (complete and person-readable; they replace "the server refused the token …").
 */
export type RefusalOverride = RefusalAction | { action: RefusalAction; message: string };

/** A refusal frame (an `auth` frame with success false) whose reason text is `reason` (case-insensitive). */
export interface RefusalFrame {
  reason: string;
  action: 'reauth' | 'stop';
  /** Complete and person-readable; replaces "the server refused the token: …". */
  message: string;
}

/**
 * When to send `subscribe`. `v1`: per thread with `since`, after a `threads` list or an `auth`
 * frame (not after a compat `connection_ack`); `threads`: per known thread, the codec writes its
 * own shape (a conversation id, a channel); `all`: one `subscribe_all` frame after each sign-in;
 * `none`: the server pushes unasked.
 */
export type SubscribeStrategy = 'v1' | 'threads' | 'all' | 'none';

export interface HeartbeatSpec {
  /** Our liveness probe: a JSON `ping` (answered by a JSON `pong`), a WebSocket ping frame, or none. */
  clientPing: 'json' | 'ws' | 'none';
  /** Server frame types that only say "alive" (every frame counts as life; these are known, not shown). */
  lifeSigns: readonly string[];
}

/**
 * Templates that build a field of an activity event from the frame: `{name}` is a field of the
 * frame's `data` object (or of the frame itself when `data` lacks it; dots reach deeper). The first
 * template whose fields are all present (strings or numbers) wins; one without fields is a constant.
 */
export type Templates = readonly string[];

export interface ActivitySpec {
  title: Templates;
  detail?: Templates;
  state?: Templates;
  action?: Templates;
  /** What repeats (e.g. the agent's name); defaults to the event type. */
  key?: Templates;
  /** A fixed level, or one read from a field through a map. Default `info`. */
  level?: NotificationLevel | { field: string; map: Readonly<Record<string, NotificationLevel>>; otherwise: NotificationLevel };
  /** An event identical to the last one of its key (same title, detail, state, action, level) is not new activity. */
  collapseRepeats: boolean;
}

/** What one server event type becomes. */
export type EventSpec =
  /** Decoded by the tolerant protocol-v1 decoder as that type (message, chat_message, notification, user_presence …). */
  | { kind: 'v1' }
  /** Known and shown nowhere (a sign of life, a confirmation of ours): never counted as unknown. */
  | { kind: 'known' }
  /** An entry in the Activity list. */
  | ({ kind: 'activity' } & ActivitySpec);

/** How Beacon names the signed-in user when the server does not say (sign-in by upgrade). */
export type IdentitySpec =
  | { kind: 'frame' }
  /** A claim of the token when it is a JWT (e.g. `sub`). */
  | { kind: 'jwt-claim'; claim: string }
  | { kind: 'fixed'; userId: string };

export interface ProfileCodec {
  /** A server text frame to a typed event, never throwing; unknown types are reported, not fatal. */
  decode(text: string): DecodeResult;
  /** A client frame to wire text, or null: this server has no such frame, send nothing. */
  encode(frame: ClientFrame): string | null;
}

export interface ServerProfile {
  id: ProfileId;
  /** For the UI's server-type choice. */
  label: string;
  url: {
    /** Shown as the sign-in form's placeholder. */
    example: string;
    /** The path shape, e.g. `/ws/notifications/{userId}`; null when any path will do. */
    path: string | null;
  };
  token: {
    default: TokenTransport;
    allowed: readonly TransportRule[];
    /**
     * How the subprotocol transport offers the token: the protocol names offered first, and the
     * prefix of the entry carrying the token. Absent: Beacon's (`beacon.v1`, `bearer.<token>`);
     * mozaiks offers `mozaiks, <jwt>`.
     */
    subprotocol?: SubprotocolForm;
  };
  signIn: SignInConfirmation;
  identity: IdentitySpec;
  /** The server's own event types (exact, or `*.suffix`), and what Beacon makes of each. */
  events: Readonly<Record<string, EventSpec>>;
  /** A type not listed: counted unknown, or made activity (servers whose plugins invent types). */
  otherTypes: 'unknown' | ({ kind: 'activity' } & ActivitySpec);
  /** A notification the server sends on every connect: shown once per sign-in at most. */
  welcome: { message: string } | null;
  subscribe: SubscribeStrategy;
  /** Never send `user_presence` to a server without presence. */
  hasPresence: boolean;
  heartbeat: HeartbeatSpec;
  /** Overrides of PROTOCOL.md's close-code and HTTP-status table, and refusal frames. */
  refusals: {
    close: Readonly<Record<number, RefusalOverride>>;
    http: Readonly<Record<number, RefusalOverride>>;
    frames: readonly RefusalFrame[];
  };
  /** Whether the composer works; the reason is shown when it does not. */
  canSend: { ok: true } | { ok: false; reason: string };
  /**
   * Servers whose threads are channels the user names (agentcmd `session:123`): what to call one, and
   * an example (the window's "Follow" form); `pattern`, a RegExp source matched whole, says which
   * names the server takes (main checks it before following).
   */
  follow?: { noun: string; example: string; pattern?: string };
  /** Default notification rules for this server's activity (editable in settings). */
  notificationRules: readonly NotificationRule[];
  codec: ProfileCodec;
}

/** A profile's data before its codec is attached. */
export type ProfileData = Omit<ServerProfile, 'codec'>;
