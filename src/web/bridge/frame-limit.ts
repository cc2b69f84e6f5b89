// How big a frame the page may send the web host: the host's socket takes
// nothing larger (ws closes on a bigger one, which would cut the window off),
// and the bridge refuses a call whose frame would not fit instead of sending
// it. One constant for both sides. No imports: the bridge bundle includes this.

/** The largest frame the web host accepts from a page, in UTF-8 bytes (1 MiB). */
export const MAX_BRIDGE_FRAME_BYTES = 1024 * 1024;

/** The UTF-8 size of `text` as a WebSocket sends it (a lone surrogate becomes U+FFFD, 3 bytes), without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether a frame of `text` fits, counting bytes only when the length alone cannot tell. */
export function fitsInFrame(text: string, limit = MAX_BRIDGE_FRAME_BYTES): boolean {
  if (text.length > limit) return false;
  if (text.length * 3 <= limit) return true;
  return utf8Bytes(text) <= limit;
}
