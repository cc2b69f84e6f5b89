// The lint:electron gate: the allow-list is well-formed, the real
// Electronegativity run over TypeScript finds a plainly unsafe window, which
// the gate then refuses (so an empty result from src/ means something), and
// src/ itself passes (so `npm test`, hence CI, enforces the gate too).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AllowList, electronVersion, judge, scan, type AllowListData, type Finding } from '../../scripts/electronegativity.mjs';

const allow = AllowList.parse(JSON.parse(readFileSync(new URL('../../electronegativity-allow.json', import.meta.url), 'utf8')));
const excludedChecks = allow.excludedChecks.map((entry) => entry.check);

const finding = (id: string, file: string): Finding => ({
  id,
  file,
  location: { line: 1, column: 0 },
  description: id,
  severity: { name: 'MEDIUM' },
  confidence: { name: 'FIRM' },
});

describe('electronegativity-allow.json', () => {
  it('refuses an entry without a real reason', () => {
    expect(() => AllowList.parse({ excludedChecks: [], findings: [{ check: 'X', file: 'a.ts', reason: 'ok' }] })).toThrow(/real reason/);
    expect(() => AllowList.parse({ excludedChecks: [], findings: [{ check: 'X', file: 'a.ts' }] })).toThrow();
  });
});

describe('judge', () => {
  const list: AllowListData = { excludedChecks: [], findings: [{ check: 'PRELOAD_JS_CHECK', file: 'main/w.ts', reason: 'reviewed: a sandboxed preload' }, { check: 'GONE', file: 'x.ts', reason: 'no longer matches anything at all' }] };

  it('allows listed findings, refuses the rest, reports stale entries and unparsed files', () => {
    const verdict = judge(
      {
        issues: [finding('PRELOAD_JS_CHECK', 'main/w.ts'), finding('PRELOAD_JS_CHECK', 'main/other.ts'), finding('NODE_INTEGRATION_JS_CHECK', 'main/w.ts')],
        errors: [{ file: 'a.ts', message: 'Unexpected token', tolerable: false }, { file: 'b.ts', message: 'minor', tolerable: true }],
      },
      list,
    );
    expect(verdict.refused.map((f) => `${f.id} ${f.file}`)).toEqual(['PRELOAD_JS_CHECK main/other.ts', 'NODE_INTEGRATION_JS_CHECK main/w.ts']);
    expect(verdict.stale.map((e) => e.check)).toEqual(['GONE']);
    expect(verdict.unparsed.map((e) => e.file)).toEqual(['a.ts']);
  });
});

describe('the real scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-electronegativity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses TypeScript and finds an unsafe window, which the gate refuses', async () => {
    writeFileSync(
      join(dir, 'unsafe.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'export function open(url: string): BrowserWindow {',
        '  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });',
        '  void win.loadURL(url satisfies string);',
        '  return win;',
        '}',
      ].join('\n'),
    );
    // No `sandbox: false` here: with it, Electronegativity 1.10.3 stops reporting nodeIntegration
    // (it takes any sandbox key as "sandboxed"); SANDBOX_JS_CHECK still fires for the missing key.
    const result = await scan(dir, { excludedChecks, electronVersion: electronVersion() });
    expect(result.errors).toEqual([]);
    const ids = new Set(result.issues.map((issue) => issue.id));
    for (const id of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']) expect(ids).toContain(id);
    const verdict = judge(result, allow);
    expect(verdict.refused.map((issue) => issue.id)).toEqual(expect.arrayContaining(['NODE_INTEGRATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK']));
  }, 30_000);
});

describe('src/', () => {
  it('passes the gate: every finding allowed with a reason, no stale entry, every file parsed', async () => {
    const result = await scan(fileURLToPath(new URL('../../src', import.meta.url)), { excludedChecks, electronVersion: electronVersion() });
    const verdict = judge(result, allow);
    expect(verdict.refused.map((issue) => `${issue.id} src/${issue.file}:${issue.location.line}`)).toEqual([]);
    expect(verdict.stale).toEqual([]);
    expect(verdict.unparsed).toEqual([]);
  }, 60_000);
});
