// The host's parser for frames from the page.
import { z } from 'zod';
import type { InvokeFrame } from './wire';

const PageFrame = z.strictObject({
  t: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(100),
  arg: z.unknown().optional(),
}) satisfies z.ZodType<InvokeFrame>;

/** A frame, or null for anything else (not JSON, wrong shape). */
export function parsePageFrame(text: string): InvokeFrame | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PageFrame.safeParse(json);
  return parsed.success ? parsed.data : null;
}
