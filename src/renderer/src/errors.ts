// Failed calls in words for people. An IPC error's message is written for
// developers ("message:send: invalid argument — body: message is longer than
// 65536 characters"); in Electron only an Error's message crosses
// contextBridge, so this works from the text: it drops the channel name and
// the developer framing, keeps the detail, and makes a sentence of it.

const FALLBACK = 'Something went wrong. Please try again.';

/** "message:send", "thread:markRead": what a channel name looks like at the start of an IPC error. */
const CHANNEL = /^[a-z]+:[A-Za-z]+/;
const INVALID_ARGUMENT = /^:\s*invalid argument\s*—\s*/;
const FAILED = /^ failed(?::\s*|$)/;
const REFUSED = /^:\s*refused:\s*/;
const PLAIN = /^:\s*/;

/** 65536 → "65 536" (a narrow no-break space between groups of three, from five digits up). */
export function formatCount(n: number): string {
  const digits = String(n);
  return digits.length < 5 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** A clause as a sentence: capital first letter, a full stop unless it already ends in punctuation. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/\b\d{5,}\b/g, (d) => formatCount(Number(d)));
  if (trimmed === '') return '';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** zod's issues as formatIssues joins them ("body: message is longer…; and 2 more"): the messages, without field paths. */
function issueSentences(issues: string): string {
  const parts = issues
    .split('; ')
    .filter((p) => !/^and \d+ more$/.test(p))
    .map((p) => p.replace(/^[\w.]+:\s+/, ''))
    // The contract's own wording names the thing ("message is longer than …"): "The message is …".
    .map((p) => (/^[a-z][\w ]*? (is|are) /.test(p) ? `the ${p}` : p));
  return parts.map(sentence).filter(Boolean).join(' ');
}

/** An IPC error's message as people read it (anything else passes through as a sentence). */
export function humanize(message: string): string {
  if (message.startsWith('unknown call ')) return 'Beacon does not know this request (a bug; see the log).';
  const channel = CHANNEL.exec(message);
  if (!channel) return sentence(message) || FALLBACK;
  const rest = message.slice(channel[0].length);
  let match: RegExpExecArray | null;
  if ((match = INVALID_ARGUMENT.exec(rest))) {
    return issueSentences(rest.slice(match[0].length)) || 'Beacon did not accept that.';
  }
  if ((match = FAILED.exec(rest))) return sentence(rest.slice(match[0].length)) || FALLBACK;
  if ((match = REFUSED.exec(rest))) return `Beacon refused this: ${sentence(rest.slice(match[0].length))}`;
  if ((match = PLAIN.exec(rest))) return sentence(rest.slice(match[0].length)) || FALLBACK;
  return sentence(message) || FALLBACK;
}

/** The text to show for a failed call. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return humanize(error.message);
  return typeof error === 'string' && error ? humanize(error) : FALLBACK;
}

/** What did not happen, then why: "Notifications were not paused. Lost contact with Beacon — reload the page." */
export function failure(what: string, error: unknown): string {
  return `${what} ${messageOf(error)}`;
}
