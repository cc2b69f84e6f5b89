// The Windows taskbar overlay badge (win.setOverlayIcon): the unread total as
// a red disc with white digits, "9+" above nine (an overlay is 16 px; more
// digits would not read). Drawn like the tray icon, with a 3×5 pixel font.
import type { Buffer } from 'node:buffer';
import { encodePng, supersample, type Rgb } from './png';

export const BADGE_COLOUR: Rgb = [220, 38, 38]; // red-600, as busy
export const BADGE_TEXT_COLOUR: Rgb = [255, 255, 255];

/** What the badge says: null (no badge) at 0, the count up to 9, then "9+". */
export function badgeLabel(unread: number): string | null {
  if (!Number.isFinite(unread) || unread <= 0) return null;
  return unread > 9 ? '9+' : String(Math.floor(unread));
}

/** The overlay's accessible description (screen readers read it on the taskbar button). */
export function badgeDescription(unread: number): string {
  const label = badgeLabel(unread);
  if (label === null) return '';
  return unread === 1 ? '1 unread message' : `${unread > 9 ? 'More than 9' : label} unread messages`;
}

// Rows of three bits, top to bottom.
const GLYPHS: Readonly<Record<string, readonly number[]>> = {
  '0': [0b111, 0b101, 0b101, 0b101, 0b111],
  '1': [0b010, 0b110, 0b010, 0b010, 0b111],
  '2': [0b111, 0b001, 0b111, 0b100, 0b111],
  '3': [0b111, 0b001, 0b011, 0b001, 0b111],
  '4': [0b101, 0b101, 0b111, 0b001, 0b001],
  '5': [0b111, 0b100, 0b111, 0b001, 0b111],
  '6': [0b111, 0b100, 0b111, 0b101, 0b111],
  '7': [0b111, 0b001, 0b010, 0b010, 0b010],
  '8': [0b111, 0b101, 0b111, 0b101, 0b111],
  '9': [0b111, 0b101, 0b111, 0b001, 0b111],
  '+': [0b000, 0b010, 0b111, 0b010, 0b000],
};

// Geometry in icon units (0..1): the text is 5 cells high, glyphs 3 wide with a 1-cell gap.
const CELL = 0.11;
const RADIUS = 0.5;

/** Whether the point (icon units) is on a lit cell of the text, centred in the icon. */
function onText(label: string, x: number, y: number): boolean {
  const width = (label.length * 4 - 1) * CELL;
  const col = Math.floor((x - (0.5 - width / 2)) / CELL);
  const row = Math.floor((y - (0.5 - (5 * CELL) / 2)) / CELL);
  if (col < 0 || row < 0 || row > 4 || col >= label.length * 4 - 1 || col % 4 === 3) return false;
  const bits = GLYPHS[label[Math.floor(col / 4)] ?? '']?.[row] ?? 0;
  return ((bits >> (2 - (col % 4))) & 1) === 1;
}

/** RGBA pixels of the badge for this unread total; null when there is nothing to show. */
export function badgePixels(unread: number, size: number): Uint8Array | null {
  const label = badgeLabel(unread);
  if (label === null) return null;
  return supersample(size, (x, y) => {
    if (Math.hypot(x - 0.5, y - 0.5) > RADIUS) return null;
    return onText(label, x, y) ? BADGE_TEXT_COLOUR : BADGE_COLOUR;
  });
}

/** The badge as a PNG of size×size; null at 0 unread (the overlay is then cleared). */
export function badgePng(unread: number, size: number): Buffer | null {
  const pixels = badgePixels(unread, size);
  return pixels && encodePng(pixels, size);
}
