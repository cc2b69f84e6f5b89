// The Beacon wire protocol v1 codec (see docs PROTOCOL.md): tolerant decoding
// of every server shape, compat included, and encoding of client frames.
export { decodeServerFrame } from './decode';
export { MAX_BODY_CHARS, MAX_CLIENT_ID_CHARS, MAX_FRAME_BYTES } from './limits';
export { encodeClientFrame } from './encode';
export { ClientIdSchema } from './schemas';
export type { ClientFrame } from './encode';
export { NOTIFICATION_LEVELS } from './events';
export { BEACON_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from './subprotocol';
export type {
  ActivityEvent,
  DecodeFailure,
  DecodeResult,
  ListPage,
  NotificationLevel,
  PresenceEntry,
  ServerEvent,
  ServerEventType,
  ThreadSummary,
  WireMessage,
} from './events';
