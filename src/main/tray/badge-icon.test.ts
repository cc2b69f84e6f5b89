import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BADGE_COLOUR, BADGE_TEXT_COLOUR, badgeDescription, badgeLabel, badgePixels, badgePng } from './badge-icon';

const at = (pixels: Uint8Array, size: number, x: number, y: number): number[] => [...pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];

/** The badge as text art: '#' white text, 'o' red disc, '.' transparent (partly covered pixels by their majority). */
function art(pixels: Uint8Array, size: number): string[] {
  const rows: string[] = [];
  for (let y = 0; y < size; y++) {
    let row = '';
    for (let x = 0; x < size; x++) {
      const [r, g, , a] = at(pixels, size, x, y);
      row += (a ?? 0) < 128 ? '.' : (g ?? 0) > 150 && (r ?? 0) > 200 ? '#' : 'o';
    }
    rows.push(row);
  }
  return rows;
}

describe('overlay badge', () => {
  it('says nothing at 0, the count up to 9, then 9+', () => {
    expect([0, -1, Number.NaN, 1, 7, 9, 10, 250].map(badgeLabel)).toEqual([null, null, null, '1', '7', '9', '9+', '9+']);
    expect(badgeDescription(0)).toBe('');
    expect(badgeDescription(1)).toBe('1 unread message');
    expect(badgeDescription(4)).toBe('4 unread messages');
    expect(badgeDescription(31)).toBe('More than 9 unread messages');
  });

  it('no image at 0 (the overlay is cleared)', () => {
    expect(badgePixels(0, 16)).toBeNull();
    expect(badgePng(0, 16)).toBeNull();
  });

  it('a red disc with white digits: corners transparent, centre text, ring red', () => {
    const size = 32;
    const px = badgePixels(1, size)!;
    expect(at(px, size, 0, 0)[3]).toBe(0);
    expect(at(px, size, 16, 2)).toEqual([...BADGE_COLOUR, 255]);
    // "1": its stem is the middle column, the text's centre.
    expect(at(px, size, 16, 16)).toEqual([...BADGE_TEXT_COLOUR, 255]);
    // "1" and "7" differ where the glyphs do.
    expect(art(px, size)).not.toEqual(art(badgePixels(7, size)!, size));
    // "9+" is wider than "9": text reaches further left.
    const lit = (p: Uint8Array): number => art(p, size).reduce((n, row) => n + [...row].filter((c) => c === '#').length, 0);
    expect(lit(badgePixels(12, size)!)).toBeGreaterThan(lit(badgePixels(9, size)!));
  });

  it('draws 9 as the 3×5 glyph it is (text art at 32 px: full, both sides, full, right side, full)', () => {
    const rows = art(badgePixels(9, 32)!, 32)
      .slice(7, 25)
      .map((row) => row.slice(11, 21));
    const glyph = rows.filter((row, i) => i === 0 || row !== rows[i - 1]);
    expect(glyph).toEqual(['##########', '###oooo###', '##########', 'ooooooo###', '##########']);
  });

  it('is a PNG of the asked size', () => {
    const png = badgePng(3, 16)!;
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(16);
    expect(inflateSync(png.subarray(41, 41 + png.readUInt32BE(33))).length).toBe(16 * (16 * 4 + 1));
  });
});
