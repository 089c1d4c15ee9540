// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AWAY_MS, awayDue, awaySummary } from '../../sync/away';
import type { MemberRow, MessageRow, RecordRow, ThreadRow } from '../../sync/rows';
import { AwaySummary } from './AwaySummary';

afterEach(cleanup);

const G = 'g1';
const ME = 'me';
const SINCE = Date.UTC(2026, 4, 1, 18);
const later = (h: number) => SINCE + h * 3_600_000;

const thread = (id: string, over: Partial<ThreadRow> = {}): ThreadRow => ({
  id,
  groupId: G,
  title: null,
  anchor: null,
  anchorUrl: '',
  authorId: 'bo',
  createdAt: 0,
  lastMessageAt: null,
  messageCount: 0,
  unread: 0,
  ...over,
});
let n = 0;
const message = (threadId: string, over: Partial<MessageRow> = {}): MessageRow => ({
  id: `m${++n}`,
  groupId: G,
  threadId,
  authorId: 'bo',
  body: 'hi',
  mentions: [],
  reactions: {},
  seq: n,
  createdAt: later(1),
  editedAt: null,
  deletedAt: null,
  deletedBy: null,
  delivery: 'sent',
  error: null,
  fromEvent: true,
  ...over,
});
const member = (id: string, name: string, joinedAt: number): MemberRow => ({ groupId: G, id, name, role: 'member', intro: '', joinedAt, active: true });
const poll = (id: string, createdBy: string, createdAt: number) =>
  ({
    groupId: G,
    kind: 'poll',
    id,
    data: { id, groupId: G, createdBy, question: 'Q', options: ['a', 'b'], multiple: false, anonymous: false, closesAt: null, closedAt: null, tallies: [0, 0], voters: 0, createdAt },
    delivery: 'sent',
    error: null,
    fromEvent: true,
  }) as unknown as RecordRow;

const threads = [thread('general'), thread('page', { title: null, anchor: { site: 'generic', community: 'example.com', kind: 'page', id: 'x', title: 'Dense crumb?', url: 'https://example.com/x' }, anchorUrl: 'https://example.com/x', createdAt: 5 })];

describe('awaySummary', () => {
  it('counts others’ messages since, per thread, with the mentions of the member', () => {
    const s = awaySummary({
      since: SINCE,
      me: ME,
      threads,
      messages: [
        message('general', { createdAt: SINCE - 1 }), // before: not news
        message('general', { mentions: [ME] }),
        message('general'),
        message('page'),
        message('page', { authorId: ME }), // their own
        message('page', { deletedAt: later(2) }),
        message('page', { delivery: 'pending', authorId: ME }),
      ],
      members: [member(ME, 'Me', 0), member('bo', 'Bo', 0), member('cy', 'Cy', later(3))],
      records: [poll('p1', 'bo', later(4)), poll('p0', 'bo', SINCE - 5), poll('p2', ME, later(4))],
    })!;
    expect(s.messages).toBe(3);
    expect(s.threads.map((t) => [t.id, t.count])).toEqual([
      ['general', 2],
      ['page', 1],
    ]);
    expect(s.mentions).toBe(1);
    expect(s.members).toEqual([{ id: 'cy', name: 'Cy' }]);
    expect([s.polls, s.goals, s.meetings, s.feedback]).toEqual([1, 0, 0, 0]);
  });

  it('is nothing when nothing happened since', () => {
    expect(awaySummary({ since: SINCE, me: ME, threads, messages: [message('general', { createdAt: SINCE - 1 })], members: [], records: [] })).toBeNull();
  });

  it('is due only after an absence of 8 hours, never on a first look', () => {
    expect(awayDue(null, later(100))).toBe(false);
    expect(awayDue(SINCE, SINCE + AWAY_MS - 1)).toBe(false);
    expect(awayDue(SINCE, SINCE + AWAY_MS)).toBe(true);
  });
});

describe('AwaySummary', () => {
  it('is a region "Since you were away" with counts, thread links and "Got it"', () => {
    const summary = awaySummary({
      since: SINCE,
      me: ME,
      threads,
      messages: [message('general', { mentions: [ME] }), message('general'), message('page')],
      members: [member('cy', 'Cy', later(3)), member('di', 'Di', later(4))],
      records: [poll('p1', 'bo', later(4))],
    })!;
    const onOpenThread = vi.fn();
    const onDismiss = vi.fn();
    render(<AwaySummary summary={summary} onOpenThread={onOpenThread} onDismiss={onDismiss} />);
    const card = screen.getByRole('region', { name: 'Since you were away' });
    expect(card.textContent).toContain('3 new messages in 2 threads');
    expect(card.textContent).toContain('You were mentioned once');
    expect(card.textContent).toContain('New members: Cy and Di');
    expect(card.textContent).toContain('1 new poll');
    fireEvent.click(within(card).getByRole('button', { name: 'Dense crumb? (1 new)' }));
    expect(onOpenThread).toHaveBeenCalledWith('page');
    expect(within(card).getByRole('button', { name: 'General discussion (2 new)' })).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Got it' }));
    expect(onDismiss).toHaveBeenCalled();
  });
});
