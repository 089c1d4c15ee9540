// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Poll } from '../../protocol/polls';
import type { MemberItem, RecordItem } from '../../sync/types';
import { Polls, type PollsProps } from './Polls';

afterEach(cleanup);

const NOW = Date.UTC(2026, 11, 3, 12);
const ready = <T,>(value: T) => ({ status: 'ready' as const, value, error: null });
const MEMBERS: MemberItem[] = [
  { id: 'ada', name: 'Ada', role: 'owner', intro: '', joinedAt: 0, self: false },
  { id: 'bo', name: 'Bo', role: 'member', intro: '', joinedAt: 0, self: true },
];
type PollRow = Extract<RecordItem, { kind: 'poll' }>;
const row = (patch: Partial<Poll> = {}, local: Partial<PollRow> = {}): PollRow => ({
  groupId: 'g1',
  kind: 'poll',
  id: patch.id ?? 'p1',
  data: {
    id: 'p1',
    groupId: 'g1',
    createdBy: 'ada',
    question: 'Which day?',
    options: ['Saturday', 'Sunday'],
    multiple: false,
    anonymous: false,
    closesAt: null,
    closedAt: null,
    createdAt: NOW - 1000,
    tallies: [1, 0],
    voters: 1,
    votes: { ada: [0] },
    ...patch,
  },
  delivery: 'sent',
  error: null,
  fromEvent: true,
  ...local,
});

function setup(patch: Partial<PollsProps> = {}) {
  const props: PollsProps = {
    polls: ready([row()]),
    members: MEMBERS,
    memberId: 'bo',
    role: 'member',
    zone: 'America/New_York',
    now: NOW,
    onWrite: vi.fn(() => Promise.resolve(null)),
    ...patch,
  };
  return { props, ...render(<Polls {...props} />) };
}

describe('Polls: a new poll', () => {
  it('asks a question with options added as needed, multiple choice, anonymous, and a closing time in the member\'s zone', async () => {
    const { props } = setup({ polls: ready([]) });
    expect(screen.getByText('No polls yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New poll' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Question' }), { target: { value: 'Snacks?' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Option 1' }), { target: { value: 'Crisps' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Option 2' }), { target: { value: 'Fruit' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add option' }));
    const third = screen.getByRole('textbox', { name: 'Option 3' });
    expect(document.activeElement).toBe(third);
    fireEvent.input(third, { target: { value: 'Cake' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Multiple choice' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Anonymous' }));
    fireEvent.input(screen.getByLabelText('Closing time (optional)'), { target: { value: '2026-12-10T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create poll' }));
    await waitFor(() =>
      expect(props.onWrite).toHaveBeenCalledWith({ do: 'poll.create', question: 'Snacks?', options: ['Crisps', 'Fruit', 'Cake'], multiple: true, anonymous: true, closesAt: Date.UTC(2026, 11, 10, 14) }),
    );
  });

  it('needs a question and two different options', () => {
    const { props } = setup({ polls: ready([]) });
    fireEvent.click(screen.getByRole('button', { name: 'New poll' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Option 1' }), { target: { value: 'Same' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Option 2' }), { target: { value: 'Same' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create poll' }));
    expect(screen.getByText('Ask a question.')).toBeTruthy();
    expect(screen.getByText('Give at least two different options.')).toBeTruthy();
    expect(props.onWrite).not.toHaveBeenCalled();
  });
});

describe('Polls: voting', () => {
  it('offers the options as radios named by their text, votes, and shows each result as "N votes"', async () => {
    const { props } = setup();
    const results = screen.getByRole('list', { name: 'Results' });
    expect(within(results).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('1 vote'), expect.stringContaining('0 votes')]);
    const vote = screen.getByRole('button', { name: 'Vote' });
    expect(vote).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('radio', { name: 'Sunday' }));
    fireEvent.click(vote);
    await waitFor(() => expect(props.onWrite).toHaveBeenCalledWith({ do: 'poll.vote', pollId: 'p1', choices: [1] }));
  });

  it('shows the member\'s vote, changeable, and as pending until the hub counts it', () => {
    setup({ polls: ready([row({ votes: { ada: [0], bo: [0] }, tallies: [2, 0], voters: 2 }, { myChoices: [1] })]) });
    expect(screen.getByRole('radio', { name: 'Sunday' })).toHaveProperty('checked', true);
    expect(screen.getByText('Sending…')).toBeTruthy();
    cleanup();
    setup({ polls: ready([row({ votes: { ada: [0], bo: [1] }, tallies: [1, 1], voters: 2 })]) });
    expect(screen.getByRole('radio', { name: 'Sunday' })).toHaveProperty('checked', true);
    expect(screen.getByText('You can change your vote until the poll closes.')).toBeTruthy();
  });

  it('uses checkboxes for a multiple-choice poll', async () => {
    const { props } = setup({ polls: ready([row({ multiple: true, options: ['A', 'B', 'C'], tallies: [0, 0, 0], voters: 0, votes: {} })]) });
    fireEvent.click(screen.getByRole('checkbox', { name: 'C' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'A' }));
    fireEvent.click(screen.getByRole('button', { name: 'Vote' }));
    await waitFor(() => expect(props.onWrite).toHaveBeenCalledWith({ do: 'poll.vote', pollId: 'p1', choices: [0, 2] }));
  });

  it('says before voting that an anonymous vote is final, and after it offers no change', () => {
    setup({ polls: ready([row({ anonymous: true, votes: {} })]) });
    expect(screen.getByRole('button', { name: 'Vote' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText("Anonymous votes can't be changed")).toBeTruthy();
    cleanup();
    setup({ polls: ready([row({ anonymous: true, votes: {} }, { myChoices: [0] })]) });
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Vote' })).toBeNull();
    expect(screen.getByText("You voted. Anonymous votes can't be changed.")).toBeTruthy();
  });

  it('shows a closed poll\'s results only', () => {
    setup({ polls: ready([row({ closedAt: NOW - 10 })]) });
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Vote' })).toBeNull();
    expect(screen.getAllByText('Closed').length).toBeGreaterThan(0);
    expect(screen.getByRole('list', { name: 'Results' }).textContent).toContain('1 vote');
    expect(screen.queryByRole('button', { name: 'Close poll' })).toBeNull();
  });

  it('lets the creator and moderators close a poll, not other members', async () => {
    setup();
    expect(screen.queryByRole('button', { name: 'Close poll' })).toBeNull();
    cleanup();
    const { props } = setup({ role: 'moderator' });
    fireEvent.click(screen.getByRole('button', { name: 'Close poll' }));
    await waitFor(() => expect(props.onWrite).toHaveBeenCalledWith({ do: 'poll.close', pollId: 'p1' }));
  });
});
