import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../protocol/errors';
import {
  countGroups,
  createGroup,
  deleteGroup,
  getGroup,
  linkGroup,
  listGroups,
  purgeDeleted,
  undoDelete,
  unlinkGroup,
  updateGroup,
} from './groups';
import { context, dropDbs, freshDb } from './test-helpers';

afterEach(dropDbs);

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  const { code, message, params } = e as UserError;
  return { code, message, params };
};

describe('groups', () => {
  it('creates a group with defaults, linked to the context community', async () => {
    const db = freshDb();
    const before = Date.now();
    const g = await createGroup(db, { name: '  Sock club  ', topic: 'Heels', context: context() });
    expect(g).toMatchObject({
      name: 'Sock club',
      topic: 'Heels',
      memberLimit: 30,
      hub: null,
      contexts: ['reddit:r/knitting'],
      deletedAt: null,
    });
    expect(g.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(g.createdAt).toBeGreaterThanOrEqual(before);
    expect(g.updatedAt).toBe(g.createdAt);
    expect(await getGroup(db, g.id)).toEqual(g);
    expect(await getGroup(db, 'nope')).toBeNull();

    const hosted = await createGroup(db, { name: 'Hosted', topic: '', memberLimit: 100, hub: 'https://hub.example/' });
    expect(hosted).toMatchObject({ memberLimit: 100, hub: 'https://hub.example', contexts: [] });
    expect((await createGroup(db, { name: 'Local', topic: '', memberLimit: 2, hub: '' })).hub).toBeNull();
  });

  it('refuses invalid input with codes, English messages and params', async () => {
    const db = freshDb();
    expect(await refusal(createGroup(db, { name: '   ' }))).toEqual({
      code: 'group_name_required',
      message: 'A group needs a name.',
      params: undefined,
    });
    expect(await refusal(createGroup(db, { name: 'x'.repeat(81) }))).toEqual({
      code: 'group_name_too_long',
      message: 'A group name can be at most 80 characters.',
      params: { max: 80 },
    });
    // 80 characters, counted as characters (not UTF-16 units), is fine.
    expect((await createGroup(db, { name: '🧶'.repeat(80) })).name).toHaveLength(160);
    for (const memberLimit of [1, 101, 2.5, Number.NaN]) {
      expect(await refusal(createGroup(db, { name: 'G', memberLimit }))).toEqual({
        code: 'member_limit_range',
        message: 'The member limit must be a whole number from 2 to 100.',
        params: { min: 2, max: 100 },
      });
    }
    for (const hub of ['ftp://hub.example', 'not a url', 'https://u:p@hub.example', 'https://hub.example/?x=1']) {
      expect((await refusal(createGroup(db, { name: 'G', hub }))).code).toBe('hub_invalid');
    }
    expect((await refusal(createGroup(db, { name: 'G', topic: 't'.repeat(501) }))).params).toEqual({ max: 500 });
    expect(await db.groups.count()).toBe(1);
  });

  it('updates name, topic and limit with the same validation', async () => {
    const db = freshDb();
    const g = await createGroup(db, { name: 'Old' });
    await new Promise((r) => setTimeout(r, 2));
    const u = await updateGroup(db, g.id, { name: ' New ', topic: 'Topic', memberLimit: 12 });
    expect(u).toMatchObject({ id: g.id, name: 'New', topic: 'Topic', memberLimit: 12, createdAt: g.createdAt });
    expect(u.updatedAt).toBeGreaterThan(g.updatedAt);
    expect((await refusal(updateGroup(db, g.id, { name: '' }))).code).toBe('group_name_required');
    expect((await refusal(updateGroup(db, g.id, { memberLimit: 0 }))).code).toBe('member_limit_range');
    expect((await refusal(updateGroup(db, 'missing', { name: 'x' }))).code).toBe('group_not_found');
    expect(await getGroup(db, g.id)).toEqual(u);
  });

  it('deletes softly, undoes, and purges after the undo window', async () => {
    const db = freshDb();
    const keep = await createGroup(db, { name: 'Keep' });
    const g = await createGroup(db, { name: 'Gone' });
    const deleted = await deleteGroup(db, g.id);
    expect(deleted.deletedAt).toEqual(expect.any(Number));
    expect((await listGroups(db)).others.map((x) => x.id)).toEqual([keep.id]);
    expect(await countGroups(db)).toBe(1);
    expect((await deleteGroup(db, g.id)).deletedAt).toBe(deleted.deletedAt); // again: no change

    const back = await undoDelete(db, g.id);
    expect(back).toEqual({ ...deleted, deletedAt: null });
    expect((await listGroups(db)).others.map((x) => x.name)).toEqual(['Gone', 'Keep']);

    const again = await deleteGroup(db, g.id);
    expect(await purgeDeleted(db, 10_000, again.deletedAt! + 5_000)).toBe(0); // still undoable
    expect(await getGroup(db, g.id)).not.toBeNull();
    expect(await purgeDeleted(db, 10_000, again.deletedAt! + 10_001)).toBe(1);
    expect(await getGroup(db, g.id)).toBeNull();
    expect(await getGroup(db, keep.id)).not.toBeNull();
    expect((await refusal(undoDelete(db, g.id))).code).toBe('group_not_found');
  });

  it('lists groups for a context: page-linked first, then community, others by name', async () => {
    const db = freshDb();
    const ctx = context();
    const community = await createGroup(db, { name: 'b community', context: ctx });
    const otherCommunity = await createGroup(db, { name: 'crochet', context: context({ community: 'r/crochet' }) });
    const page = await createGroup(db, { name: 'z page' });
    await linkGroup(db, page.id, ctx, 'page');
    const alsoCommunity = await createGroup(db, { name: 'A community' });
    const linked = await linkGroup(db, alsoCommunity.id, ctx, 'community');
    expect(linked.contexts).toEqual(['reddit:r/knitting']);
    expect(await linkGroup(db, alsoCommunity.id, ctx, 'community')).toEqual(linked); // already linked
    const loose = await createGroup(db, { name: 'Alpha' });
    const deleted = await createGroup(db, { name: 'deleted', context: ctx });
    await deleteGroup(db, deleted.id);

    const list = await listGroups(db, ctx);
    expect(list.forContext.map((g) => g.id)).toEqual([page.id, alsoCommunity.id, community.id]);
    expect(list.others.map((g) => g.id)).toEqual([loose.id, otherCommunity.id]);

    const unlinked = await unlinkGroup(db, page.id, ctx.url);
    expect(unlinked.contexts).toEqual([]);
    expect((await listGroups(db, ctx)).forContext.map((g) => g.id)).toEqual([alsoCommunity.id, community.id]);

    expect(await listGroups(db, null)).toEqual({
      forContext: [],
      others: [linked, loose, community, otherCommunity, unlinked]
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
        .map((g) => ({ ...g, unread: 0 })),
    });
  });
});

describe('the Groups list', () => {
  it('says how many messages of each group the member has not read', async () => {
    const db = freshDb();
    const hosted = await createGroup(db, { name: 'Hosted', topic: '', memberLimit: 30 });
    const local = await createGroup(db, { name: 'Local', topic: '', memberLimit: 30 });
    const thread = (id: string, unread: number) => ({ id, groupId: hosted.id, title: null, anchor: null, anchorUrl: '', authorId: 'x', createdAt: 0, lastMessageAt: null, messageCount: unread, unread });
    await db.threads.bulkPut([thread('t1', 2), thread('t2', 3)]);
    const listed = (await listGroups(db)).others;
    expect(listed.map((g) => [g.name, g.unread])).toEqual([
      ['Hosted', 5],
      ['Local', 0],
    ]);
    expect(local.id).not.toBe(hosted.id);
  });
});
