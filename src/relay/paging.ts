// Lists the relay sends whole (`threads`, `presence_snapshot`) can outgrow the
// protocol's frame limit: a user in 6 000 threads, or sharing threads with
// 20 000 people. Such a list goes out as several frames of the same type, each
// carrying `page` (1-based) and `pages`; a list that fits one frame has neither,
// so the common frame is unchanged.
import { MAX_FRAME_BYTES } from '../shared/protocol';

/** Room left for the envelope (`type`, `page`, `pages`, `timestamp`) is far more than it needs. */
export const PAGE_BYTES = MAX_FRAME_BYTES - 16 * 1024;

/** An item serialized once, with its UTF-8 size (a cache may hold it). */
export interface JsonItem {
  json: string;
  bytes: number;
}

export function jsonItem(value: unknown): JsonItem {
  const json = JSON.stringify(value);
  return { json, bytes: Buffer.byteLength(json) };
}

/** The frames of one list, packed greedily, in order. */
export function pagedFrames(type: string, items: Iterable<JsonItem>, pageBytes = PAGE_BYTES): string[] {
  const pages: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const { json, bytes: itemBytes } of items) {
    const bytes = itemBytes + 1; // and its comma
    if (current.length > 0 && size + bytes > pageBytes) {
      pages.push(current);
      current = [];
      size = 0;
    }
    current.push(json);
    size += bytes;
  }
  pages.push(current); // an empty list is one empty page
  const timestamp = JSON.stringify(new Date().toISOString());
  const head = `{"type":${JSON.stringify(type)},"data":[`;
  if (pages.length === 1) return [`${head}${pages[0]?.join(',') ?? ''}],"timestamp":${timestamp}}`];
  return pages.map((page, i) => `${head}${page.join(',')}],"page":${i + 1},"pages":${pages.length},"timestamp":${timestamp}}`);
}
