// One rule for scrubbing secrets (tokens) out of text that will be shown or
// logged: errors from libraries, probe and close messages, IPC failures. A
// token can also appear URL-encoded, because the query transport puts it in a
// URL, so its encoded forms are scrubbed too.

const MARK = '[redacted]';

/**
 * The ways a secret can be spelled in text: as is, as encodeURIComponent
 * writes it, and as URLSearchParams writes it (which also encodes ! ' ( ) ~
 * and turns spaces into +).
 */
function spellings(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret, plain or URL-encoded. Empty secrets are skipped. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of spellings(secret)) out = out.split(form).join(MARK);
  }
  return out;
}
