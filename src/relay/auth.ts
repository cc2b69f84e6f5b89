// JWT (HS256) minting and verification, and finding the token on an upgrade
// request. The token can travel four ways because deployed clients differ.
import type { IncomingMessage } from 'node:http';
import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { BEACON_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from '../shared/protocol';
import { MAX_USER_ID_CHARS } from './frames';

/** Tokens minted without an explicit lifetime last this long. */
export const DEFAULT_TOKEN_LIFETIME_SEC = 30 * 24 * 3600;

const encoder = new TextEncoder();
/** Clock skew allowed to a token's `iat`. */
const IAT_SKEW_MS = 5_000;

function key(secret: string): Uint8Array {
  if (secret.length === 0) throw new Error('the relay secret must not be empty');
  return encoder.encode(secret);
}

export async function mintToken(
  secret: string,
  userId: string,
  opts: { expiresInSec?: number } = {},
): Promise<string> {
  if (userId.length === 0) throw new Error('userId must not be empty');
  const lifetime = opts.expiresInSec ?? DEFAULT_TOKEN_LIFETIME_SEC;
  if (!Number.isFinite(lifetime) || lifetime <= 0) throw new Error('expiresInSec must be a positive number');
  const nowSec = Date.now() / 1000;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(Math.floor(nowSec))
    // Rounded up: a token always lives at least the lifetime asked for.
    .setExpirationTime(Math.ceil(nowSec + lifetime))
    .sign(key(secret));
}

export interface VerifiedToken {
  userId: string;
  /** Expiry in ms since the epoch, or null when the token has no `exp`. */
  expiresAt: number | null;
}

export type VerifyResult = { ok: true; token: VerifiedToken } | { ok: false; error: string };

/**
 * The verification key, imported once per secret: importing it for every
 * upgrade cost more than the signature check itself in a connect storm.
 */
const verifyKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
function verifyKey(secret: string): Promise<webcrypto.CryptoKey> {
  let imported = verifyKeys.get(secret);
  if (!imported) {
    imported = webcrypto.subtle.importKey('raw', key(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    if (verifyKeys.size >= 16) verifyKeys.clear(); // a process runs few relays; never an unbounded cache
    verifyKeys.set(secret, imported);
  }
  return imported;
}

/** Verifies signature, algorithm and expiry. Error texts never contain the token. */
export async function verifyToken(secret: string, token: string): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, await verifyKey(secret), { algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > MAX_USER_ID_CHARS) {
      return { ok: false, error: 'token has no usable subject' };
    }
    // Issued in the future: minted with a wrong clock, or made to outlive its stated lifetime.
    if (typeof payload.iat === 'number' && payload.iat * 1000 > Date.now() + IAT_SKEW_MS) return { ok: false, error: 'invalid token' };
    return { ok: true, token: { userId: payload.sub, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null } };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return { ok: false, error: 'token expired' };
    return { ok: false, error: 'invalid token' };
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerFromHeader(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? null;
}

/** Finds the token on an upgrade request; header first, then query, then subprotocol. */
export function extractToken(req: IncomingMessage, query: URLSearchParams): string | null {
  const bearer = bearerFromHeader(req.headers.authorization);
  if (bearer !== null) return bearer;
  for (const name of ['token', 'access_token']) {
    const value = query.get(name);
    if (value) return value;
  }
  for (const protocol of offeredSubprotocols(req)) {
    if (protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX) && protocol.length > BEARER_SUBPROTOCOL_PREFIX.length) {
      return protocol.slice(BEARER_SUBPROTOCOL_PREFIX.length);
    }
  }
  return null;
}

function offeredSubprotocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * ws `handleProtocols`: pick `beacon.v1` when offered. Never select the
 * `bearer.<token>` entry, which would echo the token in the response.
 */
export function selectSubprotocol(protocols: Set<string>): string | false {
  return protocols.has(BEACON_SUBPROTOCOL) ? BEACON_SUBPROTOCOL : false;
}
