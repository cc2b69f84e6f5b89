import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatic, resolveStaticPath } from './static-files';
import { contentSecurityPolicy } from './csp';
import { rendererTrust } from './trusted-sender';

describe('resolveStaticPath', () => {
  const root = mkdtempSync(join(tmpdir(), 'beacon-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'a.js'), 'x');

  it('serves files under the root with their type, and / as index.html', async () => {
    expect(resolveStaticPath(root, '/')).toEqual({ path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    const js = resolveStaticPath(root, '/assets/a.js');
    expect(js?.contentType).toBe('text/javascript; charset=utf-8');
    expect((await readStatic(js!))?.toString()).toBe('x');
    expect(await readStatic(resolveStaticPath(root, '/assets/missing.js')!)).toBeNull();
  });

  it('refuses traversal, encoded traversal, NUL and unknown types', () => {
    for (const p of ['/../etc/passwd.html', '/assets/%2e%2e/%2e%2e/x.js', '/%00.js', '/assets/a.exe', '/%E0%A4%A.js']) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });
});

describe('renderer trust and CSP', () => {
  it('trusts only app://beacon and the dev server origin', () => {
    const trust = rendererTrust({ devServerUrl: 'http://localhost:5173/' });
    expect(trust('app://beacon/index.html')).toBe(true);
    expect(trust('http://localhost:5173/index.html')).toBe(true);
    for (const url of ['app://evil/index.html', 'app://user:pw@beacon/', 'https://beacon/', 'http://localhost:5174/', 'file:///index.html', 'not a url']) {
      expect(trust(url), url).toBe(false);
    }
    expect(rendererTrust()('http://localhost:5173/')).toBe(false);
  });

  it('builds the same policy as the meta tag, with extra connect sources', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:5'] })).toContain("connect-src 'self' ws://127.0.0.1:5;");
  });

  it("matches index.html's meta policy, which only lacks frame-ancestors (ignored in a meta tag)", () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicy().replace("; frame-ancestors 'none'", ''));
  });
});
