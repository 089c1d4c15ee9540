import { describe, expect, it } from 'vitest';
import { greedyCohorts, proposeCohorts, randomCohorts, scoreCohorts } from './split';
import { syntheticMembers } from './synthetic';
import type { CohortMember } from './types';

const AT = Date.UTC(2026, 0, 15, 12); // January: northern winter, southern summer
const JULY = Date.UTC(2026, 6, 15, 12);

const sizesOf = (p: { cohorts: { members: string[] }[] }) => p.cohorts.map((c) => c.members.length);
const allIds = (p: { cohorts: { members: string[] }[] }) => p.cohorts.flatMap((c) => c.members).sort();

/** 4 clusters of 10: each its own interests and its own region of the world. */
function clusters(): CohortMember[] {
  const kinds = [
    { zones: ['America/New_York', 'America/Toronto'], interests: ['sourdough', 'fermentation', 'baking'] },
    { zones: ['Europe/Berlin', 'Europe/Paris'], interests: ['chess', 'go', 'poker'] },
    { zones: ['Asia/Tokyo', 'Asia/Seoul'], interests: ['guitar', 'piano', 'singing'] },
    { zones: ['America/Los_Angeles', 'America/Vancouver'], interests: ['climbing', 'hiking', 'running'] },
  ];
  const out: CohortMember[] = [];
  // Interleaved, so input order gives nothing away.
  for (let i = 0; i < 10; i++)
    kinds.forEach((k, j) => out.push({ id: `c${j}-${i}`, timeZone: k.zones[i % 2]!, interests: [k.interests[i % 3]!, k.interests[(i + 1) % 3]!] }));
  return out;
}

describe('proposeCohorts', () => {
  it('gives the same proposal for the same seed, and another for another seed', () => {
    const members = syntheticMembers(300, 3);
    const a = proposeCohorts(members, { size: 25, seed: 42, at: AT });
    const b = proposeCohorts(members, { size: 25, seed: 42, at: AT });
    expect(b).toEqual(a);
    const c = proposeCohorts(members, { size: 25, seed: 43, at: AT });
    expect(c.cohorts.map((x) => x.members)).not.toEqual(a.cohorts.map((x) => x.members));
  });

  it('keeps every cohort at or under the size, as even as possible, each member exactly once', () => {
    for (const [n, size] of [[101, 25], [100, 25], [26, 25], [7, 3], [1000, 30], [59, 100]] as const) {
      const members = syntheticMembers(n, n);
      const p = proposeCohorts(members, { size, seed: 1, at: AT });
      const sizes = sizesOf(p);
      expect(sizes.length).toBe(Math.ceil(n / size));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(size);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(allIds(p)).toEqual(members.map((m) => m.id).sort());
    }
  });

  it('puts members who share interests and zones together (4 clear clusters)', () => {
    const members = clusters();
    const p = proposeCohorts(members, { size: 10, seed: 5, at: AT });
    const groups = p.cohorts.map((c) => [...new Set(c.members.map((id) => id.split('-')[0]))]);
    expect(groups.map((g) => g.length)).toEqual([1, 1, 1, 1]);
    for (const c of p.cohorts) {
      expect(c.sharedInterests).toHaveLength(3);
      expect(c.spreadHours).toBeLessThanOrEqual(1);
    }
    expect(p.quality.meanSharedInterests).toBe(2);
  });

  it('beats random and greedy assignment on shared interests and on time-zone spread', () => {
    const members = syntheticMembers(600, 11);
    const opts = { size: 25, seed: 7, at: AT };
    const ours = proposeCohorts(members, opts).quality;
    for (const peer of [randomCohorts(members, opts).quality, greedyCohorts(members, opts).quality]) {
      expect(ours.meanSharedInterests).toBeGreaterThan(peer.meanSharedInterests);
      expect(ours.medianSpreadHours).toBeLessThan(peer.medianSpreadHours);
      expect(ours.score).toBeGreaterThan(peer.score);
    }
  });

  it('sends nobody across the world when the seats near them are taken', () => {
    // Greedy under the cap places the last members of a zone wherever seats are left, up to
    // 20 hours away on this population; the cycles of moves bring them back near home.
    const members = syntheticMembers(600, 11);
    for (const seed of [1, 2, 3, 4, 5]) expect(proposeCohorts(members, { size: 25, seed, at: AT }).quality.worstSpreadHours).toBeLessThanOrEqual(6);
  });

  it('uses the UTC offsets at `at`: DST moves London and Sydney apart or together', () => {
    const members: CohortMember[] = [
      { id: 'london', timeZone: 'Europe/London', interests: [] },
      { id: 'lagos', timeZone: 'Africa/Lagos', interests: [] },
    ];
    // Lagos is UTC+1 all year; London is UTC+0 in January and UTC+1 in July.
    expect(scoreCohorts([['london', 'lagos']], members, AT).cohorts[0]!.spreadHours).toBe(1);
    expect(scoreCohorts([['london', 'lagos']], members, JULY).cohorts[0]!.spreadHours).toBe(0);
    // Sydney (UTC+11 in January, +10 in July) and Tokyo (+9): 2 hours, then 1.
    const east: CohortMember[] = [
      { id: 'sydney', timeZone: 'Australia/Sydney', interests: [] },
      { id: 'tokyo', timeZone: 'Asia/Tokyo', interests: [] },
    ];
    expect(scoreCohorts([['sydney', 'tokyo']], east, AT).cohorts[0]!.spreadHours).toBe(2);
    expect(scoreCohorts([['sydney', 'tokyo']], east, JULY).cohorts[0]!.spreadHours).toBe(1);
  });

  it('measures spread on the circle: Auckland and Honolulu are 1 hour apart in January across the date line, not 23', () => {
    const members: CohortMember[] = [
      { id: 'akl', timeZone: 'Pacific/Auckland', interests: [] }, // +13
      { id: 'hnl', timeZone: 'Pacific/Honolulu', interests: [] }, // -10
      { id: 'kath', timeZone: 'Asia/Kathmandu', interests: [] }, // +5:45
    ];
    expect(scoreCohorts([['akl', 'hnl']], members, AT).cohorts[0]!.spreadHours).toBe(1);
    // Kathmandu is 7:15 from Auckland westward and 15:45 from Honolulu eastward: the smallest arc is 8:15.
    expect(scoreCohorts([['akl', 'hnl', 'kath']], members, AT).cohorts[0]!.spreadHours).toBe(8.25);
  });

  it('handles no members, fewer than the size, members without interests, and unknown zones (as UTC)', () => {
    const none = proposeCohorts([], { size: 25, seed: 1, at: AT });
    expect(none.cohorts).toEqual([]);
    expect(none.quality).toEqual({ meanSharedInterests: 0, medianSpreadHours: 0, worstSpreadHours: 0, score: 0 });

    const few: CohortMember[] = [
      { id: 'a', timeZone: 'Not/AZone', interests: [] },
      { id: 'b', timeZone: '', interests: ['  Chess ', 'chess', 'CHESS'] },
      { id: 'c', timeZone: 'UTC', interests: ['chess', 'Go'] },
    ];
    const p = proposeCohorts(few, { size: 25, seed: 1, at: AT });
    expect(p.cohorts).toHaveLength(1);
    const [only] = p.cohorts;
    expect(only!.members).toEqual(['a', 'b', 'c']);
    // Normalised: "  Chess ", "chess" and "CHESS" are one interest, spelled as first written.
    expect(only!.sharedInterests).toEqual(['Chess']);
    expect(only!.spreadHours).toBe(0);
    // b shares 1 of 1, c 1 of 2, a has none to share: (1 + 1 + 0) / 3.
    expect(p.quality.meanSharedInterests).toBeCloseTo(2 / 3);

    const alone = proposeCohorts([{ id: 'x', timeZone: 'Asia/Tokyo', interests: ['go'] }], { size: 5, seed: 1, at: AT });
    expect(alone.cohorts.map((c) => c.members)).toEqual([['x']]);
  });

  it('throws on duplicate ids and on a size below 1 (a developer error, not the owner’s)', () => {
    const dup: CohortMember[] = [
      { id: 'a', timeZone: 'UTC', interests: [] },
      { id: 'a', timeZone: 'UTC', interests: [] },
    ];
    expect(() => proposeCohorts(dup, { size: 2, seed: 1, at: AT })).toThrow(/duplicate member id "a"/);
    expect(() => proposeCohorts(dup.slice(0, 1), { size: 0, seed: 1, at: AT })).toThrow(/size/);
    expect(() => scoreCohorts([['a'], ['a']], dup.slice(0, 1), AT)).toThrow(/"a" is in two cohorts/);
    expect(() => scoreCohorts([['zz']], dup.slice(0, 1), AT)).toThrow(/unknown member id "zz"/);
  });

  it('splits 2,000 members', () => {
    const members = syntheticMembers(2000, 1);
    const p = proposeCohorts(members, { size: 25, seed: 1, at: AT });
    expect(sizesOf(p)).toEqual(Array(80).fill(25));
    expect(allIds(p)).toEqual(members.map((m) => m.id).sort());
  });
});

describe('scoreCohorts', () => {
  it('rescores the owner’s hand-made groups the way the proposal scores its own', () => {
    const members = syntheticMembers(120, 9);
    const p = proposeCohorts(members, { size: 30, seed: 2, at: AT });
    const again = scoreCohorts(p.cohorts.map((c) => c.members), members, AT);
    expect(again.cohorts).toEqual(p.cohorts);
    expect(again.quality).toEqual(p.quality);
    // Moving one member: the numbers follow.
    const groups = p.cohorts.map((c) => [...c.members]);
    groups[1]!.push(groups[0]!.pop()!);
    const moved = scoreCohorts(groups, members, AT);
    expect(moved.cohorts[0]!.members).toHaveLength(29);
    expect(moved.cohorts[1]!.members).toHaveLength(31);
    expect(moved.quality.score).not.toBe(p.quality.score);
  });

  it('scores a cohort as the mean of its members’ fit: interests shared and zones close', () => {
    const members: CohortMember[] = [
      { id: 'a', timeZone: 'UTC', interests: ['chess', 'go'] },
      { id: 'b', timeZone: 'Europe/Lisbon', interests: ['chess'] },
      { id: 'c', timeZone: 'Asia/Dhaka', interests: [] }, // +6
    ];
    const { cohorts, quality } = scoreCohorts([['a', 'b', 'c']], members, AT);
    const zoneFit = 1 - 6 / 12;
    // a shares 1 of 2, b 1 of 1, c has no interests (zone alone).
    const expected = ((0.5 + zoneFit) / 2 + (1 + zoneFit) / 2 + zoneFit) / 3;
    expect(cohorts[0]!.score).toBeCloseTo(expected);
    expect(quality.score).toBeCloseTo(expected);
    expect(quality).toMatchObject({ medianSpreadHours: 6, worstSpreadHours: 6 });
  });
});
