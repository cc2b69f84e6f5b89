// The bench ↔ preview-child messages, parsed on both ends.
import { z } from 'zod';

export const MainStatsSchema = z.strictObject({
  rssMb: z.number(),
  heapUsedMb: z.number(),
  /** Since the last reset: longest event-loop delay (own work or waiting for a CPU), its p99, and the longest block by own work (block-monitor.ts), ms. */
  maxDelayMs: z.number(),
  p99DelayMs: z.number(),
  maxOwnBlockMs: z.number(),
  /** CPU time and wall time since the last reset, ms. */
  cpuMs: z.number(),
  wallMs: z.number(),
});
export type MainStats = z.infer<typeof MainStatsSchema>;

export const ChildRequestSchema = z.discriminatedUnion('type', [
  /** Figures since the last reset; `reset` starts a new window after answering; `gc` collects first. */
  z.strictObject({ type: z.literal('stats'), id: z.number(), reset: z.boolean(), gc: z.boolean() }),
  z.strictObject({ type: z.literal('log'), id: z.number() }),
  /** The batches main emitted since the last ask: per batch, the newest marked message and when. */
  z.strictObject({ type: z.literal('batches'), id: z.number() }),
  z.strictObject({ type: z.literal('close') }),
]);
export type ChildRequest = z.infer<typeof ChildRequestSchema>;

export const ChildReplySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), launchUrl: z.string() }),
  z.strictObject({ type: z.literal('stats'), id: z.number(), stats: MainStatsSchema }),
  z.strictObject({ type: z.literal('log'), id: z.number(), lines: z.array(z.string()) }),
  z.strictObject({
    type: z.literal('batches'),
    id: z.number(),
    samples: z.strictObject({ k: z.array(z.number()), sent: z.array(z.number()), seen: z.array(z.number()) }),
  }),
]);
export type ChildReply = z.infer<typeof ChildReplySchema>;
