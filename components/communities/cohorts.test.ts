import { describe, expect, it } from 'vitest';
import { moveMember, sameAssignment } from './cohorts';

describe('moveMember', () => {
  it('moves one member to another cohort, at its end, leaving the input as it was', () => {
    const before = [['a', 'b'], ['c']];
    expect(moveMember(before, 'a', 1)).toEqual([['b'], ['c', 'a']]);
    expect(before).toEqual([['a', 'b'], ['c']]);
  });
  it('changes nothing for a move to where they are, to no cohort, or of someone not placed', () => {
    const before = [['a', 'b'], ['c']];
    for (const [id, to] of [['a', 0], ['a', 2], ['a', -1], ['z', 1]] as const) expect(sameAssignment(moveMember(before, id, to), before)).toBe(true);
  });
  it('keeps a cohort left empty, so its member can be moved back', () => {
    expect(moveMember([['a'], ['b']], 'a', 1)).toEqual([[], ['b', 'a']]);
    expect(moveMember(moveMember([['a'], ['b']], 'a', 1), 'a', 0)).toEqual([['a'], ['b']]);
  });
});
