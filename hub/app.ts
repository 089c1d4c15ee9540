import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { UserError } from '../protocol';
import { identify, rateLimit } from './http/auth';
import type { HubDeps, HubEnv } from './http/env';
import { notFound, onError } from './http/errors';
import { buildOpenApi } from './http/openapi';
import { operationsOf } from './http/operation';
import { requestLog } from './ops/request-log';
import { archiveBodyLimit, archives, isArchiveUpload } from './routes/archives';
import { communities, communityJoin, isRosterUpload, rosterBodyLimit } from './routes/communities';
import { consolePage } from './routes/console';
import { create } from './routes/create';
import { events } from './routes/events';
import { feedback } from './routes/feedback';
import { groups } from './routes/groups';
import { intros } from './routes/intros';
import { invites, join } from './routes/invites';
import { listings, operatorReports } from './routes/listings';
import { goals } from './routes/goals';
import { me } from './routes/me';
import { meetings } from './routes/meetings';
import { moderation } from './routes/moderation';
import { polls } from './routes/polls';
import { members } from './routes/members';
import { messages } from './routes/messages';
import { meta, probes, type Describe } from './routes/meta';
import type { Ops } from './ops/ops';
import { requests } from './routes/requests';
import { reads } from './routes/reads';
import { threads } from './routes/threads';
import { visit } from './routes/visit';
import { widgetFiles } from './routes/widget-files';

/** Bodies up to this size that a refusal left unread are read to the end, so the connection stays usable. */
const DRAIN_LIMIT = 1024 * 1024;

/**
 * A refusal can come before the body is read (a bad token, 413). The node adapter then
 * destroys the socket, which resets a keep-alive connection the client is about to reuse
 * for its next request. Reading the rest avoids that; a body too big to read closes the
 * connection politely instead.
 */
async function finishBody(c: Context) {
  const req = c.req.raw;
  if (!req.body || req.bodyUsed) return;
  const length = Number(c.req.header('content-length') ?? Number.NaN);
  if (length <= DRAIN_LIMIT) await req.arrayBuffer().catch(() => undefined);
  else c.header('Connection', 'close');
}

/**
 * The hub's HTTP app. The extension calls it from a chrome-extension:// origin with a
 * bearer token, so the API allows any origin but never credentials; the widget panel is
 * on the hub's own origin and uses the session cookie instead.
 */
export function createApp(hub: HubDeps, ops: Ops = {}) {
  let described: Record<string, unknown> | undefined;
  // Read on the first request, when `app` holds every route.
  const describe: Describe = () => (described ??= buildOpenApi(operationsOf(app)));
  const bodyLimitOf = bodyLimit({
    maxSize: hub.config.maxBodyBytes,
    onError: () => {
      throw new UserError('too_large', `Bodies are limited to ${hub.config.maxBodyBytes} bytes.`);
    },
  });
  const app = new Hono<HubEnv>()
    .use(requestLog(ops))
    .use(async (c, next) => {
      c.set('hub', hub);
      await next();
      c.header('X-Content-Type-Options', 'nosniff');
      await finishBody(c);
    })
    .use(
      cors({
        origin: '*',
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'X-Nook-Create-Token'],
        exposeHeaders: ['Retry-After'],
        maxAge: 600,
      }),
    )
    .use((c, next) => (isArchiveUpload(c) ? archiveBodyLimit : isRosterUpload(c) ? rosterBodyLimit : bodyLimitOf)(c, next))
    .route('/', probes(ops))
    .route('/', widgetFiles)
    .route('/', create)
    .route('/', consolePage)
    .route('/', operatorReports(ops))
    .use(identify, rateLimit)
    // Each resource declares its operations with their full paths (hub/http/operation.ts).
    .route('/', meta(describe))
    .route('/', me)
    .route('/', groups)
    .route('/', members)
    .route('/', invites)
    .route('/', requests)
    .route('/', listings)
    .route('/', visit)
    .route('/', threads)
    .route('/', reads)
    .route('/', messages)
    .route('/', intros)
    .route('/', goals)
    .route('/', polls)
    .route('/', feedback)
    .route('/', meetings)
    .route('/', moderation)
    .route('/', archives)
    .route('/', communities)
    .route('/', events)
    .route('/', join)
    .route('/', communityJoin);
  app.onError(onError);
  app.notFound(notFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
