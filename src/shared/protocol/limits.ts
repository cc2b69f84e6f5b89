// Sizes the protocol fixes. A module of its own, without zod, so the schemas and
// the decoder (which imports the schemas) can both use it without a cycle.

/** The largest frame either side accepts, in bytes (1 MiB); a peer closes 1009 on a bigger one. */
export const MAX_FRAME_BYTES = 1_048_576;

/** The longest message body a server accepts, in characters (64 Ki). */
export const MAX_BODY_CHARS = 64 * 1024;

/** The longest client_id (the key a server de-duplicates resends on), in characters; client and relay both check it. */
export const MAX_CLIENT_ID_CHARS = 128;
