// Draws Beacon's app icon (a signal dot with two waves on an indigo rounded
// square) and writes it as PNG: build/icon.png (512×512, the one source
// electron-builder turns into the macOS .icns and the Windows .ico) and
// build/icons/NxN.png (the Linux icon set). Pure Node: shapes are evaluated
// per sample (4×4 per pixel for anti-aliasing) and the PNG is written with
// node:zlib, so no image library or native tool is needed.
// Run: node scripts/make-icons.mjs
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const ROOT = new URL('../', import.meta.url);
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const SAMPLES = 4;

const TOP = [99, 102, 241]; // indigo-500
const BOTTOM = [37, 99, 235]; // blue-600
const WHITE = [255, 255, 255];

/** Signed distance (in icon units, 0..1) to a rounded square inset by `margin`. */
function roundedSquare(x, y, margin, radius) {
  const half = 0.5 - margin - radius;
  const dx = Math.max(Math.abs(x - 0.5) - half, 0);
  const dy = Math.max(Math.abs(y - 0.5) - half, 0);
  return Math.hypot(dx, dy) - radius;
}

/** True where a sample lies on the white mark: the dot and two upper arcs around it. */
function onMark(x, y) {
  const cx = 0.5;
  const cy = 0.64;
  const r = Math.hypot(x - cx, y - cy);
  if (r <= 0.075) return true;
  // Only the upper quarter-circle of each wave (within 45° of straight up).
  const angle = Math.atan2(cx - x, cy - y);
  if (Math.abs(angle) > Math.PI / 4) return false;
  return Math.abs(r - 0.19) <= 0.032 || Math.abs(r - 0.3) <= 0.032;
}

/** RGBA pixels of the icon at `size`×`size`. */
export function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (roundedSquare(x, y, 0.06, 0.18) > 0) continue;
          covered++;
          if (onMark(x, y)) white++;
        }
      }
      const i = (py * size + px) * 4;
      if (covered === 0) continue;
      const t = py / Math.max(size - 1, 1);
      const share = white / covered;
      for (let c = 0; c < 3; c++) {
        const background = TOP[c] + (BOTTOM[c] - TOP[c]) * t;
        pixels[i + c] = Math.round(background + (WHITE[c] - background) * share);
      }
      pixels[i + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG (no filtering: the rows compress well enough as they are). */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(new URL('build/icons/', ROOT), { recursive: true });
  writeFileSync(new URL('build/icon.png', ROOT), encodePng(512, drawIcon(512)));
  for (const size of LINUX_SIZES) writeFileSync(new URL(`build/icons/${size}x${size}.png`, ROOT), encodePng(size, drawIcon(size)));
  console.log(`make-icons: build/icon.png and build/icons/{${LINUX_SIZES.map((s) => `${s}x${s}`).join(',')}}.png`);
}
