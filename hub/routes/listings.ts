import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { UserError } from '../../protocol';
import { ListingState, LookupAnswer, LookupBody, ReportBody, ReportFiled, SetListingBody } from '../../protocol/listings';
import { baseUrl, memberOf } from '../http/auth';
import { discoveryLimit } from '../http/discovery-limit';
import type { HubEnv } from '../http/env';
import { errorJson } from '../http/errors';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { mayReadMetrics } from '../ops/metrics-access';
import type { Ops } from '../ops/ops';
import { clearListing, getListing, listReports, lookupListings, reportListing, setListing } from '../store/listings';

const op = operations({
  getListing: {
    method: 'get',
    path: '/groups/:groupId/listing',
    summary: "The group's listing: its scope and the hash it is listed under, or null (not listed)",
    auth: 'group',
    roles: ['owner', 'moderator'],
    params: PathParams.group,
    response: ListingState,
  },
  setListing: {
    method: 'put',
    path: '/groups/:groupId/listing',
    summary: 'List the group on a page or in a community, by the SHA-256 of its context key (owner only); replaces the listing it had',
    auth: 'group',
    roles: ['owner'],
    params: PathParams.group,
    body: SetListingBody,
    response: ListingState,
  },
  clearListing: {
    method: 'delete',
    path: '/groups/:groupId/listing',
    summary: 'Not listed (owner only)',
    auth: 'group',
    roles: ['owner'],
    params: PathParams.group,
    response: ListingState,
  },
  lookupListings: {
    method: 'post',
    path: '/listings/lookup',
    summary:
      'Every listing in the buckets of the given hash prefixes; no token is needed, nor wanted: a lookup should not say who makes it. The prefixes are in the body, which no log keeps',
    auth: 'none',
    body: LookupBody,
    response: LookupAnswer,
  },
  reportListing: {
    method: 'post',
    path: '/groups/:groupId/reports',
    summary: "Report a listed group to the hub's operator",
    auth: 'none',
    params: PathParams.group,
    body: ReportBody,
    response: ReportFiled,
  },
});

/** NOOK_LISTINGS=off: nothing can be listed, looked up or reported; a listing can still be cleared. */
const listingsOn = createMiddleware<HubEnv>(async (c, next) => {
  if (!c.var.hub.config.listings) throw new UserError('listings_off', 'This hub does not list groups.');
  await next();
});

export const listings = new Hono<HubEnv>()
  .on(...route(op.getListing), async (c) => c.json(await getListing(c.var.hub.db, c.var.me.group_id)))
  .on(...route(op.setListing, listingsOn, discoveryLimit), async (c) =>
    c.json(await setListing(c.var.hub.store, memberOf(c), c.var.me.group_id, c.req.valid('json'))),
  )
  .on(...route(op.clearListing), async (c) => c.json(await clearListing(c.var.hub.store, memberOf(c), c.var.me.group_id)))
  .on(...route(op.lookupListings, listingsOn), async (c) =>
    c.json({ hub: baseUrl(c), listings: await lookupListings(c.var.hub.db, c.req.valid('json').prefixes) }),
  )
  .on(...route(op.reportListing, listingsOn, discoveryLimit), async (c) => {
    const { hash, reason } = c.req.valid('json');
    return c.json(await reportListing(c.var.hub.store, c.var.memberId, c.req.valid('param').groupId, hash, reason));
  });

/**
 * The operator's view of reported listings. Like /metrics (hub/ops/metrics-access.ts): from
 * the hub's own machine, or with the operator's NOOK_METRICS_TOKEN; mounted before callers
 * are identified, since that token is not a member's.
 */
export const operatorReports = (ops: Ops) =>
  new Hono<HubEnv>().get('/reports', async (c) => {
    if (!mayReadMetrics(c, ops.metricsToken)) {
      return errorJson(c, 403, {
        code: 'forbidden',
        message: "Reports are read from the hub's own machine, or with the operator's metrics token.",
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json(await listReports(c.var.hub.db));
  });
