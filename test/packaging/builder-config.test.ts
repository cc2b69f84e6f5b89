// electron-builder.yml as electron-builder itself reads and validates it
// (its config loader and its ajv check against app-builder-lib/scheme.json,
// the step that runs before anything is downloaded), plus the keys the
// hardening relies on, and the committed icons being what make-icons draws.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import { sanitizeFileName } from 'builder-util/out/filename';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { drawIcon } from '../../scripts/make-icons.mjs';
import { APP_ID } from '../../src/main/lifecycle/app-user-model-id';

const ROOT = new URL('../../', import.meta.url);
const PROJECT_DIR = ROOT.pathname;

async function loadConfig(): Promise<Configuration> {
  return getConfig(PROJECT_DIR, 'electron-builder.yml', null);
}

async function validate(config: Configuration): Promise<void> {
  await validateConfiguration(config, new DebugLogger(false));
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validate(await loadConfig())).resolves.toBeUndefined();
  });

  it('the validation is live: a misspelt fuse and an unknown target option are refused', async () => {
    const config = await loadConfig();
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } as Configuration['electronFuses'] })).rejects.toThrow(/configuration\.electronFuses/);
    await expect(validate({ ...config, linux: { ...config.linux, hardenedRuntime: true } as Configuration['linux'] })).rejects.toThrow(/configuration\.linux/);
  });

  it('flips the fuses that close Node, NODE_OPTIONS, --inspect and unpacked code', async () => {
    expect((await loadConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('registers the beacon protocol and unpacks keytar from the asar', async () => {
    const config = await loadConfig();
    expect(config.protocols).toEqual([{ name: 'Beacon link', schemes: ['beacon'] }]);
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**');
    expect(config.asar ?? true).toBe(true);
  });

  it('targets dmg+zip (hardened runtime), nsis, AppImage+deb (Network;Chat)', async () => {
    const config = await loadConfig();
    expect(config.mac).toMatchObject({ target: ['dmg', 'zip'], hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Network;Chat' });
  });

  it("package.json's desktopName is the .desktop file electron-builder installs (deb: /usr/share/applications/<name>, AppImage: embedded)", async () => {
    // Electron on Linux takes its identity from desktopName (app_id / WM_CLASS,
    // the badge's LauncherEntry, setAsDefaultProtocolClient); it must name the installed file.
    const config = await loadConfig();
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { name: string; desktopName?: string };
    // linuxPackager: linux.executableName ?? executableName ?? the package name, sanitized, lower case.
    const configured = config.linux?.executableName ?? config.executableName;
    const executableName = configured == null ? sanitizeFileName(pkg.name).toLowerCase() : sanitizeFileName(configured);
    const packager = { executableName, platformSpecificBuildOptions: config.linux ?? {}, info: { metadata: pkg }, config };
    const fileName = new LinuxTargetHelper(packager as unknown as ConstructorParameters<typeof LinuxTargetHelper>[0]).getDesktopFileName();
    expect(pkg.desktopName).toBe(`${fileName}.desktop`);
    expect(pkg.desktopName).toBe('beacon.desktop');
  });

  it("the app's Windows AUMID is the appId the NSIS installer stamps on its shortcut (toasts show under it)", async () => {
    expect((await loadConfig()).appId).toBe(APP_ID);
    const installer = readFileSync(new URL('node_modules/app-builder-lib/templates/nsis/include/installer.nsh', ROOT), 'utf8');
    expect(installer).toContain('WinShell::SetLnkAUMI "$newStartMenuLink" "${APP_ID}"');
  });

  it('entitles only what Electron needs under the hardened runtime (JIT)', () => {
    const plist = readFileSync(new URL('build/entitlements.mac.plist', ROOT), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });
});

/** Width, height, and pixels of a PNG written by make-icons (8-bit RGBA, filter 0 on every row). */
function decodeOwnPng(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 4 + 1);
    expect(rows[start]).toBe(0);
    rows.copy(pixels, y * width * 4, start + 1, start + 1 + width * 4);
  }
  return { width, height, pixels };
}

describe('icons', () => {
  it.each([
    ['build/icon.png', 512],
    ['build/icons/16x16.png', 16],
    ['build/icons/32x32.png', 32],
    ['build/icons/256x256.png', 256],
    ['build/icons/512x512.png', 512],
  ])('%s is the %i px drawing from scripts/make-icons.mjs (rerun it after changing the drawing)', (path, size) => {
    const png = decodeOwnPng(readFileSync(new URL(path, ROOT)));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(png.pixels.equals(drawIcon(size))).toBe(true);
  });
});
