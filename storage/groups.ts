import { UserError } from '../protocol/errors';
import { communityKey, type PageContext } from '../sites/types';
import type { NookDB } from './db';
import { MIN_MEMBER_LIMIT } from '../protocol/limits';
import { DEFAULT_MEMBER_LIMIT, type Group, type ListedGroup, MAX_MEMBER_LIMIT } from '../types/local';
import { charLength, normalizeHub } from './validate';

export const MAX_GROUP_NAME = 80;
export const MAX_GROUP_TOPIC = 500;
/** How long a deleted group can be brought back; `purgeDeleted` removes it for good after. */
export const UNDO_WINDOW_MS = 10_000;

function groupName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name === '') throw new UserError('group_name_required', 'A group needs a name.');
  if (charLength(name) > MAX_GROUP_NAME) {
    throw new UserError('group_name_too_long', `A group name can be at most ${MAX_GROUP_NAME} characters.`, {
      max: MAX_GROUP_NAME,
    });
  }
  return name;
}

function groupTopic(input: unknown): string {
  const topic = typeof input === 'string' ? input.trim() : '';
  if (charLength(topic) > MAX_GROUP_TOPIC) {
    throw new UserError('group_topic_too_long', `A group topic can be at most ${MAX_GROUP_TOPIC} characters.`, {
      max: MAX_GROUP_TOPIC,
    });
  }
  return topic;
}

function memberLimit(input: unknown): number {
  if (typeof input !== 'number' || !Number.isInteger(input) || input < MIN_MEMBER_LIMIT || input > MAX_MEMBER_LIMIT) {
    throw new UserError(
      'member_limit_range',
      `The member limit must be a whole number from ${MIN_MEMBER_LIMIT} to ${MAX_MEMBER_LIMIT}.`,
      { min: MIN_MEMBER_LIMIT, max: MAX_MEMBER_LIMIT },
    );
  }
  return input;
}

const notFound = (): UserError => new UserError('group_not_found', 'This group does not exist (any more).');

export interface NewGroup {
  name: string;
  topic?: string;
  /** Default DEFAULT_MEMBER_LIMIT (30). */
  memberLimit?: number;
  /** null or '' keeps the group on this device. */
  hub?: string | null;
  /** When given, the group belongs to this page's community. */
  context?: PageContext | null;
}

/** The checks every new group passes, local or hosted; returns the cleaned-up fields. */
export function validateGroupInput(input: NewGroup): { name: string; topic: string; memberLimit: number; hub: string | null } {
  return {
    name: groupName(input.name),
    topic: groupTopic(input.topic ?? ''),
    memberLimit: memberLimit(input.memberLimit ?? DEFAULT_MEMBER_LIMIT),
    hub: normalizeHub(input.hub),
  };
}

/** Creates a group (validated); linked to the context's community when a context is given. */
export async function createGroup(db: NookDB, input: NewGroup): Promise<Group> {
  const now = Date.now();
  const group: Group = {
    id: crypto.randomUUID(),
    ...validateGroupInput(input),
    contexts: input.context ? [communityKey(input.context)] : [],
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  await db.groups.add(group);
  return group;
}

/** A group by id (also while deleted and undoable: `deletedAt` tells), or null. */
export async function getGroup(db: NookDB, id: string): Promise<Group | null> {
  return (await db.groups.get(id)) ?? null;
}

/** Reads, changes and writes one group in a transaction; refuses a missing one. */
async function change(db: NookDB, id: string, edit: (g: Group) => Group | null): Promise<Group> {
  return db.transaction('rw', db.groups, async () => {
    const group = await db.groups.get(id);
    if (!group) throw notFound();
    const next = edit(group);
    if (!next) return group;
    await db.groups.put(next);
    return next;
  });
}

export interface GroupPatch {
  name?: string;
  topic?: string;
  memberLimit?: number;
}

/** Renames a group, or changes its topic or member limit (validated like `createGroup`). */
export async function updateGroup(db: NookDB, id: string, patch: GroupPatch): Promise<Group> {
  const changes: Partial<Group> = {};
  if (patch.name !== undefined) changes.name = groupName(patch.name);
  if (patch.topic !== undefined) changes.topic = groupTopic(patch.topic);
  if (patch.memberLimit !== undefined) changes.memberLimit = memberLimit(patch.memberLimit);
  return change(db, id, (g) => ({ ...g, ...changes, updatedAt: Date.now() }));
}

/** Deletes a group softly: hidden at once, gone for good after UNDO_WINDOW_MS (see `purgeDeleted`). */
export async function deleteGroup(db: NookDB, id: string): Promise<Group> {
  return change(db, id, (g) => (g.deletedAt === null ? { ...g, deletedAt: Date.now() } : null));
}

/** Brings back a softly deleted group. */
export async function undoDelete(db: NookDB, id: string): Promise<Group> {
  return change(db, id, (g) => (g.deletedAt === null ? null : { ...g, deletedAt: null }));
}

/** Removes for good the groups deleted more than `olderThanMs` ago; returns how many. */
export async function purgeDeleted(db: NookDB, olderThanMs = UNDO_WINDOW_MS, now = Date.now()): Promise<number> {
  return db.groups.where('deletedAt').below(now - olderThanMs).delete();
}

/** The key a group links to: the context's community, or its page. */
export const contextKey = (context: PageContext, scope: 'community' | 'page'): string =>
  scope === 'page' ? context.url : communityKey(context);

/** Makes a group belong to the context's community or page. */
export async function linkGroup(
  db: NookDB,
  id: string,
  context: PageContext,
  scope: 'community' | 'page',
): Promise<Group> {
  const key = contextKey(context, scope);
  return change(db, id, (g) =>
    g.contexts.includes(key) ? null : { ...g, contexts: [...g.contexts, key], updatedAt: Date.now() },
  );
}

/** Removes a community key or page URL from a group's contexts. */
export async function unlinkGroup(db: NookDB, id: string, key: string): Promise<Group> {
  return change(db, id, (g) =>
    g.contexts.includes(key) ? { ...g, contexts: g.contexts.filter((k) => k !== key), updatedAt: Date.now() } : null,
  );
}

const byName = (a: Group, b: Group): number =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || a.createdAt - b.createdAt;

/**
 * Groups for a page: `forContext` holds those linked to the page (first) or to its community,
 * `others` the rest; each sorted by name. Deleted groups are left out.
 */
export async function listGroups(
  db: NookDB,
  context?: PageContext | null,
): Promise<{ forContext: ListedGroup[]; others: ListedGroup[] }> {
  const unread = new Map<string, number>();
  await db.threads.each((t) => {
    if (t.unread) unread.set(t.groupId, (unread.get(t.groupId) ?? 0) + t.unread);
  });
  const all = (await db.groups.toArray()).filter((g) => g.deletedAt === null).map((g) => ({ ...g, unread: unread.get(g.id) ?? 0 }));
  if (!context) return { forContext: [], others: all.sort(byName) };
  const page = context.url;
  const community = communityKey(context);
  const onPage: ListedGroup[] = [];
  const inCommunity: ListedGroup[] = [];
  const others: ListedGroup[] = [];
  for (const g of all) {
    if (g.contexts.includes(page)) onPage.push(g);
    else if (g.contexts.includes(community)) inCommunity.push(g);
    else others.push(g);
  }
  return { forContext: [...onPage.sort(byName), ...inCommunity.sort(byName)], others: others.sort(byName) };
}

/** How many groups there are (deleted ones not counted). */
export async function countGroups(db: NookDB): Promise<number> {
  return db.transaction('r', db.groups, async () => {
    const [all, deleted] = await Promise.all([db.groups.count(), db.groups.where('deletedAt').aboveOrEqual(0).count()]);
    return all - deleted;
  });
}
