// CRC-32 (IEEE, as zlib and PNG use it): each journal line carries one, so a
// damaged line is recognized as damaged instead of read as a different record.
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function crc32Hex(text: string): string {
  return crc32(Buffer.from(text)).toString(16).padStart(8, '0');
}
