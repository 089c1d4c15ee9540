import { describe, expect, it } from 'vitest';
import type { Poll } from '../../protocol/polls';
import { pollState } from './tally';

const NOW = Date.UTC(2026, 11, 3, 12);
const poll = (patch: Partial<Poll> = {}): Poll => ({
  id: 'p1',
  groupId: 'g1',
  createdBy: 'ada',
  question: 'Which day?',
  options: ['Saturday', 'Sunday', 'Monday'],
  multiple: false,
  anonymous: false,
  closesAt: null,
  closedAt: null,
  createdAt: NOW - 60_000,
  tallies: [2, 1, 0],
  voters: 3,
  votes: { ada: [0], bo: [0], cy: [1] },
  ...patch,
});

describe('pollState', () => {
  it('gives each option its votes and share of the voters, and the member\'s vote from the hub', () => {
    const s = pollState({ data: poll() }, 'cy', 'member', NOW);
    expect(s.results.map((r) => [r.text, r.votes, r.share.toFixed(2), r.mine])).toEqual([
      ['Saturday', 2, '0.67', false],
      ['Sunday', 1, '0.33', true],
      ['Monday', 0, '0.00', false],
    ]);
    expect(s.mine).toEqual([1]);
    expect(s.canVote && s.open && !s.final && !s.pending).toBe(true);
  });

  it('prefers the vote this device sent, pending until the hub holds it', () => {
    const waiting = pollState({ data: poll(), myChoices: [2] }, 'cy', 'member', NOW);
    expect(waiting.mine).toEqual([2]);
    expect(waiting.pending).toBe(true);
    const counted = pollState({ data: poll({ votes: { cy: [2] } }), myChoices: [2] }, 'cy', 'member', NOW);
    expect(counted.pending).toBe(false);
    const many = pollState({ data: poll({ multiple: true, votes: { cy: [2, 0] } }), myChoices: [0, 2] }, 'cy', 'member', NOW);
    expect(many.pending).toBe(false);
  });

  it('makes an anonymous vote final, known only to the device that cast it', () => {
    const anon = poll({ anonymous: true, votes: {} });
    expect(pollState({ data: anon }, 'cy', 'member', NOW)).toMatchObject({ mine: null, canVote: true, final: false });
    expect(pollState({ data: anon, myChoices: [1] }, 'cy', 'member', NOW)).toMatchObject({ mine: [1], canVote: false, final: true, pending: false });
  });

  it('takes no vote once closed, by hand or at its closing time', () => {
    expect(pollState({ data: poll({ closedAt: NOW - 1 }) }, 'cy', 'member', NOW)).toMatchObject({ open: false, canVote: false, mayClose: false });
    expect(pollState({ data: poll({ closesAt: NOW }) }, 'cy', 'member', NOW)).toMatchObject({ open: false, canVote: false });
    expect(pollState({ data: poll({ closesAt: NOW + 1 }) }, 'cy', 'member', NOW).open).toBe(true);
  });

  it('lets the creator, owners and moderators close it, not other members', () => {
    expect(pollState({ data: poll() }, 'ada', 'member', NOW).mayClose).toBe(true);
    expect(pollState({ data: poll() }, 'cy', 'member', NOW).mayClose).toBe(false);
    expect(pollState({ data: poll() }, 'cy', 'moderator', NOW).mayClose).toBe(true);
    expect(pollState({ data: poll({ voters: 0, tallies: [0, 0, 0], votes: {} }) }, 'cy', 'owner', NOW).results.every((r) => r.share === 0)).toBe(true);
  });
});
