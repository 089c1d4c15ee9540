// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../messaging/transport';
import { UserError } from '../../protocol/errors';
import type { LogEntry, Report } from '../../protocol/moderation';
import type { MemberItem } from '../../sync/types';
import { Moderation } from './Moderation';

afterEach(cleanup);

const G = '00000000-0000-4000-8000-000000000001';
const OLIVE = '00000000-0000-4000-8000-0000000000a1';
const ANN = '00000000-0000-4000-8000-0000000000a2';
const BOB = '00000000-0000-4000-8000-0000000000a3';
const member = (id: string, name: string): MemberItem => ({ id, name, role: 'member', intro: '', joinedAt: 0, self: id === OLIVE });
const MEMBERS = [member(OLIVE, 'Olive'), member(ANN, 'Ann'), member(BOB, 'Bob')];

const report = (patch: Partial<Report> = {}): Report => ({
  id: '00000000-0000-4000-8000-0000000000b1',
  groupId: G,
  messageId: '00000000-0000-4000-8000-0000000000c1',
  threadId: '00000000-0000-4000-8000-0000000000d1',
  reporterId: ANN,
  authorId: BOB,
  reason: 'spam',
  note: 'ads',
  status: 'open',
  createdAt: 1,
  decidedAt: null,
  decidedBy: null,
  body: 'Buy watches',
  ...patch,
});

/** A transport that answers the moderation calls from arrays the test changes, as the hub would. */
function fakeHub(reports: Report[], log: LogEntry[] = []) {
  const calls: [string, unknown][] = [];
  const transport = {
    call: vi.fn(async (name: string, req: unknown) => {
      calls.push([name, req]);
      if (name === 'moderation.reports') return [...reports];
      if (name === 'moderation.log') return [...log];
      if (name === 'moderation.act') {
        const w = (req as { write: { kind: string; reason?: string } }).write;
        if (w.kind === 'mute' && w.reason === 'refuse me') throw new UserError('forbidden', 'Only the owner moderates a moderator.');
        if (w.kind === 'dismiss') reports.splice(0, reports.length);
        return undefined;
      }
      return undefined;
    }),
    live: vi.fn(),
  } as unknown as Transport;
  return { transport, calls };
}

describe('Moderation', () => {
  it('lists the reports with who reported whom and why, and acts on one: dismiss, mute with a reason, remove the message', async () => {
    const reports = [report()];
    const log: LogEntry[] = [
      { id: '00000000-0000-4000-8000-0000000000e1', groupId: G, action: 'member.muted', actorId: OLIVE, at: Date.UTC(2030, 0, 1), memberId: BOB, messageId: null, reportId: null, note: 'Cool down', until: Date.UTC(2030, 0, 2), seconds: null },
    ];
    const { transport, calls } = fakeHub(reports, log);
    render(<Moderation group={{ id: G }} members={MEMBERS} transport={transport} />);
    const list = await screen.findByRole('list', { name: 'Reports' });
    const item = await within(list).findByRole('listitem');
    expect(item.textContent).toContain('Ann reported Bob: Spam (ads)');
    expect(item.textContent).toContain('Buy watches');
    expect(within(screen.getByRole('list', { name: 'Moderation log' })).getByRole('listitem').textContent).toMatch(/Olive muted Bob until .*: Cool down/);

    fireEvent.click(within(item).getByRole('button', { name: 'Mute member' }));
    fireEvent.input(within(item).getByRole('spinbutton', { name: 'Minutes' }), { target: { value: '15' } });
    fireEvent.input(within(item).getByRole('textbox', { name: 'Why' }), { target: { value: 'Spamming' } });
    fireEvent.click(within(item).getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(calls).toContainEqual(['moderation.act', { groupId: G, write: { kind: 'mute', memberId: BOB, minutes: 15, reason: 'Spamming' } }]));

    fireEvent.click(within(item).getByRole('button', { name: 'Remove message' }));
    await waitFor(() => expect(calls).toContainEqual(['messages.delete', { id: report().messageId }]));

    fireEvent.click(within(item).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(calls).toContainEqual(['moderation.act', { groupId: G, write: { kind: 'dismiss', reportId: report().id } }]));
    expect(await screen.findByText('No reports to look at.')).toBeTruthy();
  });

  it('shows the hub’s refusal in words, and sets the slow mode', async () => {
    const { transport, calls } = fakeHub([report()]);
    render(<Moderation group={{ id: G }} members={MEMBERS} transport={transport} slowModeSeconds={0} />);
    const item = await within(await screen.findByRole('list', { name: 'Reports' })).findByRole('listitem');
    fireEvent.click(within(item).getByRole('button', { name: 'Mute member' }));
    fireEvent.input(within(item).getByRole('textbox', { name: 'Why' }), { target: { value: 'refuse me' } });
    fireEvent.click(within(item).getByRole('button', { name: 'Mute' }));
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();

    fireEvent.input(screen.getByRole('spinbutton', { name: 'Slow mode (seconds)' }), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set slow mode' }));
    await waitFor(() => expect(calls).toContainEqual(['moderation.act', { groupId: G, write: { kind: 'slowMode', seconds: 30 } }]));
  });

  it('starts the slow mode field from the group’s value and follows it when it changes, and lists who is muted with Lift mute', async () => {
    const { transport, calls } = fakeHub([]);
    const until = Date.now() + 10 * 60_000;
    const members = [MEMBERS[0]!, MEMBERS[1]!, { ...MEMBERS[2]!, mutedUntil: until }];
    const view = render(<Moderation group={{ id: G }} members={members} transport={transport} slowModeSeconds={45} />);
    const field = screen.getByRole('spinbutton', { name: 'Slow mode (seconds)' }) as HTMLInputElement;
    expect(field.value).toBe('45');
    view.rerender(<Moderation group={{ id: G }} members={members} transport={transport} slowModeSeconds={60} />);
    expect(field.value).toBe('60');

    const muted = within(screen.getByRole('list', { name: 'Muted members' })).getByRole('listitem');
    expect(muted.textContent).toMatch(/^Bob, muted until /);
    fireEvent.click(within(muted).getByRole('button', { name: 'Lift mute' }));
    await waitFor(() => expect(calls).toContainEqual(['moderation.act', { groupId: G, write: { kind: 'unmute', memberId: BOB } }]));
    view.rerender(<Moderation group={{ id: G }} members={MEMBERS} transport={transport} slowModeSeconds={60} />);
    expect(screen.queryByRole('list', { name: 'Muted members' })).toBeNull();
  });
});
