// The header of an unmasked, unfragmented WebSocket text frame (RFC 6455 §5.2).
// A broadcast's payload is the same Buffer for every recipient; writing this
// header and that Buffer to each socket skips ws's per-send framing, which was
// most of the relay's CPU in a connect storm (one frame per pair of members).
export function textFrameHeader(payloadLength: number): Buffer {
  if (payloadLength < 126) return Buffer.from([0x81, payloadLength]);
  if (payloadLength < 0x10000) return Buffer.from([0x81, 126, payloadLength >> 8, payloadLength & 0xff]);
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(payloadLength), 2);
  return header;
}
