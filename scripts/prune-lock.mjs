// The registry this project's machines reach serves only some platforms'
// builds of packages like rollup's native binaries. npm then writes a lock
// whose optionalDependencies name packages with no lock entry, and `npm ci`
// rejects it as out of sync. This drops those dangling optional edges so the
// lock installs with `npm ci`. Run it after any `npm install` that changes
// package-lock.json: `node scripts/prune-lock.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages ?? {};
const pruned = [];

for (const [key, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (!optional) continue;
  for (const name of Object.keys(optional)) {
    const nested = `${key ? `${key}/` : ''}node_modules/${name}`;
    if (!(nested in packages) && !(`node_modules/${name}` in packages)) {
      delete optional[name];
      pruned.push(`${key || '(root)'} -> ${name}`);
    }
  }
}

writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(pruned.length ? `prune-lock: dropped ${pruned.length} unresolvable optional dependencies:\n  ${pruned.join('\n  ')}` : 'prune-lock: nothing to drop');
