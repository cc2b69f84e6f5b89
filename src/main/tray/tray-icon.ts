// The tray icon for a TrayIcon variant, drawn here as a PNG (no image files
// or libraries): a disc for the connection (filled when connected, a ring
// while reconnecting, a grey ring when signed out) and, while signed in, a
// presence dot in the lower right corner, cut out of the disc so it reads at 16 px.
import type { Buffer } from 'node:buffer';
import type { PresenceStatus } from '../../shared/types';
import { encodePng, supersample, type Rgb } from './png';
import type { TrayIcon } from './tray-model';

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
  return supersample(size, (x, y) => sample(icon, x, y));
}

/** The icon as a PNG of size×size (8-bit RGBA, no filtering). */
export function trayIconPng(icon: TrayIcon, size: number): Buffer {
  return encodePng(trayIconPixels(icon, size), size);
}

/** A stable name per variant (for caching the native images). */
export const trayIconKey = (icon: TrayIcon): string => `${icon.connection}:${icon.presence ?? 'none'}`;
