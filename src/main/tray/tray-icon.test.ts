import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONNECTION_COLOURS, PRESENCE_COLOURS, trayIconKey, trayIconPixels, trayIconPng } from './tray-icon';
import type { TrayIcon } from './tray-model';

/** Reads back an unfiltered 8-bit RGBA PNG as trayIconPng writes it. */
function decode(png: Buffer): { size: number; pixels: Uint8Array } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const size = png.readUInt32BE(16);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    expect(rows[y * (size * 4 + 1)]).toBe(0);
    pixels.set(rows.subarray(y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1)), y * size * 4);
  }
  return { size, pixels };
}

const at = (pixels: Uint8Array, size: number, x: number, y: number): number[] => [...pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];

describe('tray icon', () => {
  it('is a valid PNG of the asked size holding exactly the drawn pixels', () => {
    const icon: TrayIcon = { connection: 'connected', presence: 'busy' };
    for (const size of [16, 32]) {
      const { size: read, pixels } = decode(trayIconPng(icon, size));
      expect(read).toBe(size);
      expect(pixels).toEqual(trayIconPixels(icon, size));
    }
  });

  it('fills the disc when connected, rings it while reconnecting or signed out', () => {
    const centre = (connection: TrayIcon['connection']) => at(trayIconPixels({ connection, presence: null }, 32), 32, 14, 14);
    expect(centre('connected')).toEqual([...CONNECTION_COLOURS.connected, 255]);
    expect(centre('reconnecting')[3]).toBe(0);
    expect(centre('signed-out')[3]).toBe(0);
    const edge = at(trayIconPixels({ connection: 'reconnecting', presence: null }, 32), 32, 14, 2);
    expect(edge.slice(0, 3)).toEqual([...CONNECTION_COLOURS.reconnecting]);
  });

  it('draws the presence dot in the lower right, set apart from the disc, only while signed in', () => {
    for (const presence of ['online', 'away', 'busy'] as const) {
      expect(at(trayIconPixels({ connection: 'connected', presence }, 32), 32, 25, 25)).toEqual([...PRESENCE_COLOURS[presence], 255]);
    }
    // Appear offline: a hollow dot.
    expect(at(trayIconPixels({ connection: 'connected', presence: 'offline' }, 32), 32, 25, 25)[3]).toBe(0);
    expect(at(trayIconPixels({ connection: 'signed-out', presence: null }, 32), 32, 25, 25)[3]).toBe(0);
    const variants = (['connected', 'reconnecting', 'signed-out'] as const).flatMap((connection) =>
      [null, 'online', 'away', 'busy', 'offline'].map((presence) => ({ connection, presence }) as TrayIcon),
    );
    expect(new Set(variants.map((v) => trayIconPng(v, 16).toString('base64'))).size).toBe(variants.length);
    expect(new Set(variants.map(trayIconKey)).size).toBe(variants.length);
  });
});
