import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { z } from 'zod';
import type { Role } from '../../protocol';
import { inGroup, inGroupCheckedByStore, leaveTokenToStore, requireToken } from './auth';
import type { HubEnv } from './env';
import { json, params, query } from './validate';

/**
 * Who may call an operation:
 * - none: anyone; a token is not needed (a bad one is still refused);
 * - optional: anyone; without a token the hub makes a new identity and answers its token;
 * - token: any holder of a valid token;
 * - group: an active member of the path's group, with one of `roles` when given.
 */
export type Access = 'none' | 'optional' | 'token' | 'group';

/**
 * One HTTP operation of the hub, declared beside its route (hub/routes/*.ts). `route()`
 * turns it into the route's access check and validators, and `/openapi.json` is made from
 * the declarations the app actually serves (hub/http/openapi.ts), so neither can drift.
 */
export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Hono style, from the root: `/groups/:groupId`. */
  path: string;
  summary: string;
  auth: Access;
  roles?: readonly Role[];
  /**
   * A group operation that the owners and moderators of the group's community may call too,
   * member of the group or not (hub/store/access.ts requireManager): its handler reads the
   * group from the path, since `me` is set only for members.
   */
  community?: true;
  /**
   * A group operation whose store function checks the caller inside its own transaction
   * (where a removal committing first must win anyway): the route checks only the token and
   * the group id's form, and saves reading the membership twice on a hot path.
   */
  memberCheckedByStore?: true;
  /**
   * On this database the store function checks the caller's token too, in the write's own
   * statement, with the answers the auth middleware gives: a token the instance already knows
   * is then not looked up first (hub/http/auth.ts identify). The handler hands it to the store
   * (tokenForStore) and checks it the usual way (checkTokenNow) when the store leaves it.
   */
  tokenCheckedByStore?: 'postgres';
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Request headers the operation reads, by name, with what they carry. */
  headers?: Readonly<Record<string, string>>;
  body?: z.ZodType;
  /** Writes named by a client id: repeating the request repeats the answer and changes nothing. */
  idempotent?: boolean;
  /** The success answer's media type when it is a file, not JSON (`response` then describes its text). */
  file?: 'text/calendar' | 'text/csv' | 'text/markdown';
  /** Status of the success answer (200 unless said). */
  status?: number;
  response: z.ZodType;
}

/** An operation with its id (the OpenAPI `operationId`), the key it was declared under. */
export type Declared<O extends Operation = Operation> = O & { id: string };

/** Names a resource's operations by their keys. */
export function operations<const T extends Record<string, Operation>>(ops: T): { [K in keyof T]: T[K] & { id: K } } {
  return Object.fromEntries(Object.entries(ops).map(([id, op]) => [id, { ...op, id }])) as never;
}

type Part<O, K extends string, T extends string, IO extends 'in' | 'out'> = O extends { [k in K]: infer S extends z.ZodType }
  ? { [t in T]: IO extends 'in' ? z.input<S> : z.output<S> }
  : {}; // eslint-disable-line @typescript-eslint/no-empty-object-type -- Hono's own word for "no input"
type Parts<O, IO extends 'in' | 'out'> = Part<O, 'params', 'param', IO> & Part<O, 'query', 'query', IO> & Part<O, 'body', 'json', IO>;
/** What the typed client sends (`in`) and the handler reads with `c.req.valid` (`out`). */
type InputOf<O> = { in: Parts<O, 'in'>; out: Parts<O, 'out'> };

const declaredBy = new WeakMap<object, Declared>();

/**
 * The method, path and one middleware for `app.on(...route(op), handler)`: the access
 * check the declaration names, then its params, query and body validators, in that order:
 * a caller who may not use the operation is refused before any of their input is read.
 * `guards` run between the two: checks that the declaration only describes (a header).
 */
export function route<const O extends Declared>(
  op: O,
  ...guards: MiddlewareHandler<HubEnv>[]
): [O['method'], O['path'], MiddlewareHandler<HubEnv, O['path'], InputOf<O>>] {
  const steps: MiddlewareHandler<HubEnv>[] = [];
  if (op.auth === 'token') steps.push(requireToken);
  if (op.auth === 'group') steps.push(op.memberCheckedByStore ? inGroupCheckedByStore() : inGroup(op.roles, op.community));
  steps.push(...guards);
  if (op.params) steps.push(params(op.params));
  if (op.query) steps.push(query(op.query));
  if (op.body) steps.push(json(op.body));
  const middleware = every(...steps);
  declaredBy.set(middleware, op);
  if (op.tokenCheckedByStore) leaveTokenToStore(middleware, op.tokenCheckedByStore);
  return [op.method, op.path, middleware];
}

/** The declared operations an app serves, in the order of its routes; each once. */
export function operationsOf(app: { routes: readonly { handler: unknown }[] }): Declared[] {
  const found = new Set<Declared>();
  for (const r of app.routes) {
    const op = typeof r.handler === 'function' ? declaredBy.get(r.handler) : undefined;
    if (op) found.add(op);
  }
  return [...found];
}

/** `/groups/:groupId` as OpenAPI writes it: `/groups/{groupId}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
