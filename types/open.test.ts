import { describe, expect, it } from 'vitest';
import { targetOfQuery, targetQuery, type GroupTarget } from './open';

describe('the address of Nook’s own page on a group', () => {
  it('names the group and where in it, and reads back the same', () => {
    const targets: GroupTarget[] = [
      { groupId: 'g1', threadId: null },
      { groupId: 'g1', threadId: 't1' },
      { groupId: 'g1', threadId: null, section: 'meetings', itemId: 'm1' },
      { groupId: 'g1', threadId: null, section: 'members' },
    ];
    for (const t of targets) expect(targetOfQuery(`?${targetQuery(t)}`)).toEqual(t);
  });
  it('reads no group from an address without one, and no section it does not know', () => {
    expect(targetOfQuery('')).toBeNull();
    expect(targetOfQuery('?thread=t1')).toBeNull();
    expect(targetOfQuery('?group=g1&section=settings')).toEqual({ groupId: 'g1', threadId: null });
  });
});
