// The tray icon for a TrayIcon variant, drawn here as a PNG (no image files
// or libraries): a disc for the connection (filled when connected, a ring
// while reconnecting, a grey ring when signed out) and, while signed in, a
// presence dot in the lower right corner, cut out of the disc so it reads at 16 px.
import { Buffer } from 'node:buffer';
import { crc32, deflateSync } from 'node:zlib';
import type { PresenceStatus } from '../../shared/types';
import type { TrayIcon } from './tray-model';

type Rgb = readonly [number, number, number];

export const CONNECTION_COLOURS: Readonly<Record<TrayIcon['connection'], Rgb>> = {
  connected: [79, 70, 229], // indigo-600
  reconnecting: [217, 119, 6], // amber-600
  'signed-out': [113, 113, 122], // zinc-500
};

export const PRESENCE_COLOURS: Readonly<Record<PresenceStatus, Rgb>> = {
  online: [22, 163, 74], // green-600
  away: [234, 179, 8], // yellow-500
  busy: [220, 38, 38], // red-600
  offline: [113, 113, 122], // zinc-500, drawn hollow
};

const SAMPLES = 4;
// Geometry in icon units (0..1).
const DISC = { x: 0.44, y: 0.44, r: 0.4, ring: 0.12 };
const DOT = { x: 0.78, y: 0.78, r: 0.2, gap: 0.08, ring: 0.09 };

/** Which colour a sample point takes, or null (transparent). */
function sample(icon: TrayIcon, x: number, y: number): Rgb | null {
  const toDot = Math.hypot(x - DOT.x, y - DOT.y);
  if (icon.presence !== null) {
    if (toDot <= DOT.r) {
      const hollow = icon.presence === 'offline';
      return !hollow || toDot >= DOT.r - DOT.ring ? PRESENCE_COLOURS[icon.presence] : null;
    }
    if (toDot <= DOT.r + DOT.gap) return null;
  }
  const toDisc = Math.hypot(x - DISC.x, y - DISC.y);
  if (toDisc > DISC.r) return null;
  const filled = icon.connection === 'connected';
  return filled || toDisc >= DISC.r - DISC.ring ? CONNECTION_COLOURS[icon.connection] : null;
}

/** RGBA pixels, anti-aliased by supersampling. */
export function trayIconPixels(icon: TrayIcon, size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample(icon, (px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          hits++;
        }
      }
      const i = (py * size + px) * 4;
      if (hits === 0) continue;
      out[i] = Math.round(r / hits);
      out[i + 1] = Math.round(g / hits);
      out[i + 2] = Math.round(b / hits);
      out[i + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES));
    }
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The icon as a PNG of size×size (8-bit RGBA, no filtering). */
export function trayIconPng(icon: TrayIcon, size: number): Buffer {
  const pixels = trayIconPixels(icon, size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) Buffer.from(pixels.buffer, y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A stable name per variant (for caching the native images). */
export const trayIconKey = (icon: TrayIcon): string => `${icon.connection}:${icon.presence ?? 'none'}`;
