// Types for make-icons.mjs, for the packaging test that checks the committed icons.

/** RGBA pixels (row-major, 4 bytes each) of the icon at size×size. */
export function drawIcon(size: number): Buffer;
/** An 8-bit RGBA PNG of those pixels (filter type 0 on every row). */
export function encodePng(size: number, pixels: Buffer): Buffer;
