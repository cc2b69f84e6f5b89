// The sign-in form's server types and, for each, how the token may travel:
// read from the zod-free profile labels (src/shared/protocol/profiles/labels.ts),
// so the window offers what the profiles declare without bundling any codec.
import { DETECT_PROFILE, PROFILE_IDS, PROFILE_LABELS, SIGN_IN_HINTS, type ProfileId } from '../../../shared/protocol/profiles/labels';
import type { TokenTransport } from '../../../shared/types';

export type ServerTypeChoice = ProfileId | typeof DETECT_PROFILE;
export type TransportKind = TokenTransport['kind'];

export const SERVER_TYPES: ReadonlyArray<{ readonly value: ServerTypeChoice; readonly label: string }> = [
  { value: DETECT_PROFILE, label: 'Detect' },
  ...PROFILE_IDS.map((id) => ({ value: id, label: PROFILE_LABELS[id] })),
];

export function isServerTypeChoice(value: string): value is ServerTypeChoice {
  return value === DETECT_PROFILE || (PROFILE_IDS as readonly string[]).includes(value);
}

export const KIND_LABELS: Readonly<Record<TransportKind, string>> = {
  header: 'Authorization header',
  query: 'Query parameter',
  subprotocol: 'WebSocket subprotocol',
  cookie: 'Cookie',
};

/** What the form offers for a server type: the transports in order (the default first), and the names they use. */
export interface TransportChoices {
  readonly kinds: readonly TransportKind[];
  readonly defaultKind: TransportKind;
  /** The query parameter / cookie name to start from, and whether the server fixes it. */
  readonly param: { readonly name: string; readonly fixed: boolean };
  readonly cookie: { readonly name: string; readonly fixed: boolean };
  readonly urlExample: string;
  /** A path shape with a part to fill in (`/ws/notifications/{userId}`), else null. */
  readonly pathHint: string | null;
}

const ANY: TransportChoices = {
  kinds: ['header', 'query', 'subprotocol', 'cookie'],
  defaultKind: 'header',
  param: { name: 'token', fixed: false },
  cookie: { name: 'access_token', fixed: false },
  urlExample: 'wss://relay.example.com/ws',
  pathHint: null,
};

export function transportChoices(choice: ServerTypeChoice): TransportChoices {
  // Detect: any transport; the check retries with the detected server's own when it needs another.
  if (choice === DETECT_PROFILE) return ANY;
  const hint = SIGN_IN_HINTS[choice];
  const def = hint.token.default;
  const kinds = [def.kind, ...hint.token.allowed.map((r) => r.kind)].filter((k, i, all) => all.indexOf(k) === i);
  const queryRule = hint.token.allowed.find((r) => r.kind === 'query');
  const cookieRule = hint.token.allowed.find((r) => r.kind === 'cookie');
  const queryName = queryRule?.kind === 'query' ? queryRule.param : undefined;
  const cookieName = cookieRule?.kind === 'cookie' ? cookieRule.name : undefined;
  return {
    kinds,
    defaultKind: def.kind,
    param: { name: queryName ?? (def.kind === 'query' ? def.param : 'token'), fixed: queryName !== undefined },
    cookie: { name: cookieName ?? (def.kind === 'cookie' ? def.name : 'access_token'), fixed: cookieName !== undefined },
    urlExample: hint.url.example,
    pathHint: hint.url.path !== null && hint.url.path.includes('{') ? hint.url.path : null,
  };
}

/** The transport the form sends. */
export function transportOf(kind: TransportKind, param: string, cookie: string): TokenTransport {
  switch (kind) {
    case 'query':
      return { kind, param: param.trim() };
    case 'cookie':
      return { kind, name: cookie.trim() };
    default:
      return { kind };
  }
}
