// The secret tokens are signed with. No default is public: without --secret
// or $BEACON_RELAY_SECRET a relay draws a random one, kept in its data
// directory when it has one (so tokens survive a restart, and `token --data`
// can mint them), else for this run only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'relay-secret';

export type SecretSource = 'option' | 'env' | 'data' | 'random';

/** The secret of a data directory, drawn and written (owner-only) on first use. */
export function dataDirSecret(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const kept = fs.readFileSync(file, 'utf8').trim();
    if (kept.length > 0) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32).toString('base64url');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  try {
    // A link, not a rename: of two relays or `token` runs drawing at once, the first one's secret wins.
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export function resolveSecret(opts: { secret?: string; dataDir?: string }): { secret: string; source: SecretSource } {
  if (opts.secret !== undefined) {
    if (opts.secret.length === 0) throw new Error('the relay secret must not be empty');
    return { secret: opts.secret, source: 'option' };
  }
  const env = process.env.BEACON_RELAY_SECRET;
  if (env) return { secret: env, source: 'env' };
  if (opts.dataDir !== undefined) return { secret: dataDirSecret(opts.dataDir), source: 'data' };
  return { secret: randomBytes(32).toString('base64url'), source: 'random' };
}
