// beacon://thread/<id> links, from the OS (macOS open-url, a first launch's
// argv, a second instance's argv). Anything that is not exactly such a link
// is refused with a short reason; the raw text never reaches a log, since a
// link is outside input and could carry anything (tokens pasted by mistake).

export const DEEP_LINK_SCHEME = 'beacon';
/** Longer than any link Beacon makes; a longer one is refused before parsing. */
export const MAX_LINK_CHARS = 2048;
/** The protocol's cap on ids (MESSAGE_LIMITS.id): a longer one names no thread. */
export const MAX_THREAD_ID_CHARS = 512;

export type DeepLink = { readonly kind: 'thread'; readonly threadId: string };

export type DeepLinkRefusal =
  | 'not-a-beacon-link'
  | 'too-long'
  | 'unsupported-target'
  | 'query-or-fragment'
  | 'bad-encoding'
  | 'bad-thread-id';

export type DeepLinkResult = { readonly ok: true; readonly link: DeepLink } | { readonly ok: false; readonly reason: DeepLinkRefusal };

// Scheme and host are case-insensitive in URLs; the path's id is taken raw and decoded below.
const PREFIX = /^beacon:/i;
const SHAPE = /^beacon:\/\/thread\/([^/]+)\/?$/i;
/** Percent-escapes and the unreserved characters; nothing else may appear encoded or not. */
const RAW_ID = /^(?:[A-Za-z0-9._~:@+=-]|%[0-9A-Fa-f]{2})+$/;
/** What a decoded thread id may hold: no slash, space, quote, control or non-ASCII character. */
const SAFE_ID = /^[A-Za-z0-9._~:@+=-]+$/;

const refuse = (reason: DeepLinkRefusal): DeepLinkResult => ({ ok: false, reason });

export function parseDeepLink(text: string): DeepLinkResult {
  if (!PREFIX.test(text)) return refuse('not-a-beacon-link');
  if (text.length > MAX_LINK_CHARS) return refuse('too-long');
  // Checked before the shape: "beacon://thread/x?y" must say why it is refused.
  if (text.includes('?') || text.includes('#')) return refuse('query-or-fragment');
  const match = SHAPE.exec(text);
  if (!match) return refuse('unsupported-target');
  const raw = match[1] ?? '';
  if (!RAW_ID.test(raw)) return refuse('bad-thread-id');
  let id: string;
  try {
    // One decode only: "%252F" becomes "%2F", whose "%" the safe set then refuses.
    id = decodeURIComponent(raw);
  } catch {
    return refuse('bad-encoding');
  }
  if (id.length === 0 || id.length > MAX_THREAD_ID_CHARS || !SAFE_ID.test(id) || /^\.+$/.test(id)) return refuse('bad-thread-id');
  return { ok: true, link: { kind: 'thread', threadId: id } };
}

/**
 * The deep link among a process's arguments (a first launch, or what a second
 * instance hands over): the first argument that starts with "beacon:". Chromium
 * may add switches around it, so its position is not fixed. Null when there is none.
 */
export function deepLinkArg(argv: readonly string[]): string | null {
  return argv.find((arg) => PREFIX.test(arg)) ?? null;
}

/** For the log: what happened, never the link itself. */
export function describeDeepLink(result: DeepLinkResult, source: string): string {
  if (result.ok) return `deep link from ${source}: show a thread (id of ${result.link.threadId.length} chars)`;
  return `deep link from ${source} ignored: ${result.reason}`;
}
