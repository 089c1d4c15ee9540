import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { estimate } from './estimate';
import { createGroup, deleteGroup } from './groups';
import { saveNote } from './notes';
import { context, dropDbs, freshDb } from './test-helpers';

afterEach(async () => {
  vi.unstubAllGlobals();
  await dropDbs();
});

describe('estimate', () => {
  it('counts notes and groups (deleted ones not), without a browser estimate', async () => {
    const db = freshDb();
    await saveNote(db, context(), 'a');
    await saveNote(db, context({ url: 'https://a.example/' }), 'b');
    await createGroup(db, { name: 'One' });
    await deleteGroup(db, (await createGroup(db, { name: 'Two' })).id);
    vi.stubGlobal('navigator', {});
    expect(await estimate(db)).toEqual({ notes: 2, groups: 1, bytes: null, quota: null });
  });

  it('passes on the browser estimate when there is one', async () => {
    const db = freshDb();
    vi.stubGlobal('navigator', { storage: { estimate: () => Promise.resolve({ usage: 1234, quota: 5678 }) } });
    expect(await estimate(db)).toEqual({ notes: 0, groups: 0, bytes: 1234, quota: 5678 });
  });
});
