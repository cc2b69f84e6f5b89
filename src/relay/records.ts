// The durable log's record shapes (one JSON object per line). Short keys keep
// a 200 000-message log small; the schema is the single place they are named.
import { z } from 'zod';

const Id = z.string().min(1).max(256);
const Seq = z.number().int().min(0);

export const LogRecordSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('thread'), id: Id, title: z.string(), members: z.array(Id), lastSeq: Seq.optional() }),
  z.object({
    k: z.literal('msg'),
    t: Id,
    seq: Seq,
    id: Id,
    s: z.string(),
    b: z.string(),
    ts: z.string(),
    /** user and client_id of a socket send, kept so de-duplication survives restarts */
    u: Id.optional(),
    c: z.string().optional(),
  }),
  z.object({ k: z.literal('read'), u: Id, t: Id, seq: Seq }),
  /** Written only by compaction: a de-duplication key whose message left history. */
  z.object({ k: z.literal('dedupe'), u: Id, c: z.string(), t: Id, id: Id, seq: Seq }),
]);
export type LogRecord = z.infer<typeof LogRecordSchema>;
