// npm run lint:electron: Doyensec's Electronegativity over src/, failing on
// any finding that electronegativity-allow.json does not list with a reason.
// The tool itself always exits 0 and reports to a table, so this runs it
// through its programmatic API (the same run() its CLI calls), checks the
// result's shape, and decides. It also fails when a file could not be parsed
// (that file was not checked) and when an allow-list entry matches nothing
// (the list must not outlive the code it excuses).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);

const Reason = z.string().trim().min(20, 'give a real reason (20 characters or more)');
export const AllowList = z.strictObject({
  excludedChecks: z.array(z.strictObject({ check: z.string().min(1), reason: Reason })),
  findings: z.array(z.strictObject({ check: z.string().min(1), file: z.string().min(1), reason: Reason })),
});

const Issue = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  description: z.string(),
  shortenedURL: z.string().optional(),
  severity: z.object({ name: z.string() }),
  confidence: z.object({ name: z.string() }),
  manualReview: z.boolean().optional(),
});
const RunResult = z.object({
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(Issue),
});

/** Electronegativity's findings and parse errors for `input` (paths relative to it). */
/**
 * The tool fetches "updated translations" from the internet on every run
 * (got, 1 s timeout, no switch to turn it off). A lint stays offline: its
 * i18n loader is replaced by one that uses the English strings it ships.
 */
function keepOffline() {
  const loader = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  const i18n = require('i18n');
  const bundled = () => {
    i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(loader), updateFiles: false, objectNotation: true, register: globalThis });
    i18n.setLocale('en-US');
    return Promise.resolve();
  };
  require.cache[loader] = { id: loader, filename: loader, loaded: true, exports: Object.assign(bundled, { default: bundled }) };
}

export async function scan(input, { excludedChecks = [], electronVersion }) {
  keepOffline();
  const run = require('@doyensec/electronegativity');
  const result = await run(
    {
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: excludedChecks,
    },
    false,
  );
  return RunResult.parse(result);
}

/** Which findings are not allowed, which allow entries matched nothing, which files went unchecked. */
export function judge(result, allow) {
  const key = (check, file) => `${check}\u0000${file.replaceAll('\\', '/')}`;
  const allowed = new Map(allow.findings.map((entry) => [key(entry.check, entry.file), entry]));
  const used = new Set();
  const refused = [];
  for (const issue of result.issues) {
    const k = key(issue.id, issue.file);
    if (allowed.has(k)) used.add(k);
    else refused.push(issue);
  }
  return {
    refused,
    stale: allow.findings.filter((entry) => !used.has(key(entry.check, entry.file))),
    unparsed: result.errors.filter((error) => !error.tolerable),
  };
}

export function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

async function main() {
  const allow = AllowList.parse(JSON.parse(readFileSync(new URL('../electronegativity-allow.json', import.meta.url), 'utf8')));
  const version = electronVersion();
  const result = await scan(`${ROOT}src`, { excludedChecks: allow.excludedChecks.map((entry) => entry.check), electronVersion: version });
  const verdict = judge(result, allow);
  for (const issue of verdict.refused) {
    console.error(
      `src/${issue.file}:${issue.location.line}:${issue.location.column}  ${issue.id} (${issue.severity.name} | ${issue.confidence.name})  ${issue.description}${issue.shortenedURL ? `  ${issue.shortenedURL}` : ''}`,
    );
  }
  for (const entry of verdict.stale) console.error(`electronegativity-allow.json: ${entry.check} in ${entry.file} matches no finding any more: remove it`);
  for (const error of verdict.unparsed) console.error(`src/${error.file}: not checked, the parser failed: ${error.message}`);
  const problems = verdict.refused.length + verdict.stale.length + verdict.unparsed.length;
  console.log(
    `electronegativity (Electron ${version}): ${result.issues.length} finding(s), ${result.issues.length - verdict.refused.length} allowed with a reason, ` +
      `${verdict.refused.length} not allowed, ${verdict.stale.length} stale allow entr${verdict.stale.length === 1 ? 'y' : 'ies'}, ${verdict.unparsed.length} unparsed file(s)`,
  );
  if (problems > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
