// The admin HTTP API on the relay's port. Every /api route needs the admin
// bearer token; bodies are JSON, at most 1 MiB, parsed with zod.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { NOTIFICATION_LEVELS } from '../shared/protocol';
import { PresenceStatusSchema } from '../shared/types';
import { bearerFromHeader } from './auth';
import { StorageError, UnknownThreadError, type RelayCore } from './core';
import { MAX_BODY_CHARS, MAX_ID_CHARS, UserIdSchema as UserId } from './frames';
import { decodeSegment, parseTarget } from './target';
import { ThreadSeedSchema, type WorkspaceSeed } from './workspace';

export const MAX_HTTP_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_MESSAGES = 10_000;
/** Notification and announcement text: far below the frame limit, whatever the escaping. */
export const MAX_NOTIFICATION_CHARS = 16 * 1024;
export const MAX_NOTIFICATION_TITLE_CHARS = 1000;

const Body = z.string().min(1, 'must not be empty').max(MAX_BODY_CHARS);

const NotificationText = z.string().min(1, 'must not be empty').max(MAX_NOTIFICATION_CHARS, `is at most ${MAX_NOTIFICATION_CHARS} characters`);
const AnnouncementBody = z.object({ announcement: NotificationText, to: UserId.optional() });
const NotificationBody = z.object({
  to: UserId.optional(),
  id: z.string().min(1).max(MAX_ID_CHARS).optional(),
  level: z.enum(NOTIFICATION_LEVELS),
  title: z.string().max(MAX_NOTIFICATION_TITLE_CHARS, `is at most ${MAX_NOTIFICATION_TITLE_CHARS} characters`).optional(),
  message: NotificationText,
});
const MessagesBody = z.union([
  z.object({ sender: UserId, body: Body }),
  z.object({ sender: UserId, bodies: z.array(Body).min(1).max(MAX_BATCH_MESSAGES) }),
]);
const ThreadBody = ThreadSeedSchema.extend({ members: ThreadSeedSchema.shape.members.max(100_000) });
const PresenceBody = z.object({ userId: UserId, status: PresenceStatusSchema });

const MESSAGES_ROUTE = /^\/api\/threads\/([^/]+)\/messages$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type WorkspaceInfo = Pick<WorkspaceSeed, 'users'>;

interface Route {
  method: 'GET' | 'POST';
  run: (req: IncomingMessage) => Promise<[status: number, body: unknown]>;
}

export function createHttpHandler(core: RelayCore, adminToken: string, workspace: WorkspaceInfo) {
  const expected = digest(adminToken);
  const authorized = (req: IncomingMessage): boolean => {
    const token = bearerFromHeader(req.headers.authorization);
    return token !== null && timingSafeEqual(digest(token), expected);
  };

  const routes = new Map<string, Route>([
    ['/api/workspace', {
      method: 'GET',
      run: async () => [200, { users: workspace.users, threads: [...core.store.threads.keys()].map((id) => describeThread(core, id)) }],
    }],
    ['/api/notify', {
      method: 'POST',
      run: async (req) => {
        const raw = await readJson(req);
        const isAnnouncement = typeof raw === 'object' && raw !== null && 'announcement' in raw;
        if (isAnnouncement) {
          const body = parse(AnnouncementBody, raw);
          return [200, { delivered: core.announce(body.announcement, body.to) }];
        }
        return [200, { delivered: core.notify(parse(NotificationBody, raw)) }];
      },
    }],
    ['/api/threads', {
      method: 'POST',
      run: async (req) => {
        const body = parse(ThreadBody, await readJson(req));
        const { created } = core.addThread(body);
        return [created ? 201 : 200, { created, thread: describeThread(core, body.id) }];
      },
    }],
    ['/api/presence', {
      method: 'POST',
      run: async (req) => {
        const body = parse(PresenceBody, await readJson(req));
        core.setVirtualPresence(body.userId, body.status);
        return [200, { userId: body.userId, status: core.presence.status(body.userId) }];
      },
    }],
  ]);
  const messagesRoute = (encodedThreadId: string): Route => ({
    method: 'POST',
    run: async (req) => {
      const threadId = decodeSegment(encodedThreadId);
      if (threadId === null) throw new HttpError(400, 'thread id in the path has a malformed %-escape');
      const body = parse(MessagesBody, await readJson(req));
      const bodies = 'bodies' in body ? body.bodies : [body.body];
      return [201, { messages: await core.postMessages(threadId, body.sender, bodies) }];
    },
  });
  const findRoute = (path: string): Route | undefined => {
    const threadId = MESSAGES_ROUTE.exec(path)?.[1];
    return routes.get(path) ?? (threadId === undefined ? undefined : messagesRoute(threadId));
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = parseTarget(req.url);
    if (target === null) return send(res, 400, { error: 'bad request target' }, true);
    const { path } = target;
    const method = req.method ?? 'GET';
    if (path === '/healthz') return send(res, 200, { ok: true, connections: core.hub.conns.size, unsentBytes: core.hub.backlog.total, skippedLogLines: core.skippedLogLines });
    if (!path.startsWith('/api/')) return send(res, 404, { error: 'not found' });
    if (!authorized(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return send(res, 401, { error: 'missing or wrong admin token' });
    }
    const route = findRoute(path);
    if (!route) return send(res, 404, { error: `no such route: ${method} ${path}` });
    if (method !== route.method) return send(res, 405, { error: `${method} is not allowed on ${path}` });
    route.run(req).then(
      ([status, body]) => send(res, status, body),
      (err: unknown) => {
        if (err instanceof HttpError) return send(res, err.status, { error: err.message }, err.status === 413);
        if (err instanceof UnknownThreadError) return send(res, 404, { error: err.message });
        if (err instanceof StorageError) return send(res, 503, { error: err.message });
        if (req.destroyed && !req.complete) return; // the client went, or was cut off (a crawling body): no one to answer
        core.log(`http api error: ${(err as Error).message}`);
        send(res, 500, { error: 'internal error' });
      },
    );
  };
  // The last line of defence: whatever a request does, it must not stop the relay.
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(req, res);
    } catch (err) {
      core.log(`http api error: ${(err as Error).message}`);
      send(res, 500, { error: 'internal error' }, true);
    }
  };
}

function describeThread(core: RelayCore, id: string) {
  const t = core.store.threads.get(id);
  return t ? { id: t.id, title: t.title, members: [...t.members], lastSeq: t.lastSeq } : null;
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new HttpError(400, `invalid body: ${where}${issue?.message ?? 'bad shape'}`);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_HTTP_BODY_BYTES) {
      req.resume();
      return reject(new HttpError(413, `body larger than ${MAX_HTTP_BODY_BYTES} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_HTTP_BODY_BYTES) {
        failed = true;
        reject(new HttpError(413, `body larger than ${MAX_HTTP_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (failed) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'body is not valid JSON'));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, closeAfter = false): void {
  if (res.headersSent) return;
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(data),
    ...(closeAfter ? { Connection: 'close' } : {}),
  });
  res.end(data);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
