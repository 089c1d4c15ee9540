import type { Poll } from '../../protocol/polls';
import { pollOpen } from '../../protocol/rules/polls';
import type { Role } from '../../sync/types';

/**
 * A poll as one member sees it: the results so far, their own vote, and what they may still
 * do. Pure, so the sidebar and the panel (and their tests) agree.
 */

export interface PollResult {
  index: number;
  text: string;
  votes: number;
  /** Of the members who voted (several options each in a multiple-choice poll), 0..1. */
  share: number;
  mine: boolean;
}

export interface PollState {
  open: boolean;
  /** The member's vote: what this device sent, else (a poll that is not anonymous) what the hub holds. */
  mine: number[] | null;
  /** Open, and either not voted yet or not anonymous (an anonymous vote is final). */
  canVote: boolean;
  /** Voted in an anonymous poll: nothing ties the vote to the member, so it cannot be changed. */
  final: boolean;
  /** A vote of theirs the hub has not counted yet (known for polls that are not anonymous). */
  pending: boolean;
  results: PollResult[];
  voters: number;
  /** The creator, owners and moderators close a poll early. */
  mayClose: boolean;
}

const sorted = (a: readonly number[]) => [...a].sort((x, y) => x - y);
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && sorted(a).join() === sorted(b).join();

export function pollState(row: { data: Poll; myChoices?: number[] | null }, memberId: string | null, role: Role, now: number): PollState {
  const p = row.data;
  const held = memberId && !p.anonymous ? p.votes[memberId] : undefined;
  const mine = row.myChoices ?? held ?? null;
  const open = pollOpen(p, now);
  return {
    open,
    mine,
    canVote: open && !(p.anonymous && mine !== null),
    final: p.anonymous && mine !== null,
    pending: !p.anonymous && !!row.myChoices && !(held && same(held, row.myChoices)),
    results: p.options.map((text, index) => {
      const votes = p.tallies[index] ?? 0;
      return { index, text, votes, share: p.voters > 0 ? votes / p.voters : 0, mine: !!mine?.includes(index) };
    }),
    voters: p.voters,
    mayClose: p.closedAt === null && (role !== 'member' || p.createdBy === memberId),
  };
}
