// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Meeting } from '../../protocol/meetings';
import type { MemberItem, RecordItem } from '../../sync/types';
import { Meetings, type MeetingsProps } from './Meetings';
import { localInstant } from './when';

afterEach(cleanup);

const NY = 'America/New_York';
const NOW = Date.UTC(2026, 11, 3, 12);
const ready = <T,>(value: T) => ({ status: 'ready' as const, value, error: null });
const member = (id: string, name: string): MemberItem => ({ id, name, role: id === 'ada' ? 'owner' : 'member', intro: '', joinedAt: 0, self: id === 'bo' });
const MEMBERS = [member('ada', 'Ada'), member('bo', 'Bo'), member('cy', 'Cy')];
const intro = (memberId: string, timeZone: string) =>
  ({ groupId: 'g1', kind: 'intro', id: memberId, data: { memberId, text: '', interests: [], timeZone, skipped: false, updatedAt: 0 }, delivery: 'sent', error: null, fromEvent: true }) as RecordItem;

const TIMES = [
  { kind: 'timed' as const, start: localInstant('2027-03-08T18:00', NY)!, minutes: 60 },
  { kind: 'timed' as const, start: localInstant('2027-03-15T18:00', NY)!, minutes: 60 },
];
const row = (patch: Partial<Meeting> = {}, local: Partial<Extract<RecordItem, { kind: 'meeting' }>> = {}) =>
  ({
    groupId: 'g1',
    kind: 'meeting',
    id: 'm1',
    data: { id: 'm1', groupId: 'g1', organiser: 'ada', title: 'Planning', times: TIMES, answers: {}, confirmed: null, sequence: 0, createdAt: NOW - 1000, ...patch },
    delivery: 'sent',
    error: null,
    fromEvent: true,
    ...local,
  }) as Extract<RecordItem, { kind: 'meeting' }>;

function setup(patch: Partial<MeetingsProps> = {}) {
  const props: MeetingsProps = {
    meetings: ready([row()]),
    intros: ready([intro('ada', NY), intro('bo', 'Asia/Tokyo')] as Extract<RecordItem, { kind: 'intro' }>[]),
    members: MEMBERS,
    memberId: 'bo',
    zone: NY,
    now: NOW,
    onWrite: vi.fn(() => Promise.resolve(null)),
    onIcs: vi.fn(() => Promise.resolve({ ok: true as const, value: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' })),
    ...patch,
  };
  return { props, ...render(<Meetings {...props} />) };
}

describe('Meetings: proposing', () => {
  it('reads each candidate time in the member\'s zone and proposes the title with its times', async () => {
    const { props } = setup({ meetings: ready([]) });
    expect(screen.getByText(/No meetings yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Propose a meeting' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Meeting title' }), { target: { value: 'Kick-off' } });
    const when = screen.getByLabelText('Candidate time');
    expect(when.getAttribute('type')).toBe('datetime-local');
    expect(screen.getByLabelText('Candidate time').getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.input(when, { target: { value: '2027-03-15T18:00' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Duration' }), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add time' }));
    expect(within(screen.getByRole('list', { name: 'Candidate times' })).getAllByRole('listitem')).toHaveLength(1);
    // A second one, all day: a date, not an instant.
    fireEvent.click(screen.getByRole('checkbox', { name: 'All day' }));
    fireEvent.input(screen.getByLabelText('Candidate time'), { target: { value: '2027-03-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Propose' }));
    await waitFor(() => expect(props.onWrite).toHaveBeenCalled());
    expect(props.onWrite).toHaveBeenCalledWith({
      do: 'meeting.propose',
      title: 'Kick-off',
      times: [
        { kind: 'timed', start: Date.UTC(2027, 2, 15, 22), minutes: 30 },
        { kind: 'day', date: '2027-03-20', days: 1 },
      ],
    });
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Meeting title' })).toBeNull());
  });

  it('says what is missing at the field, and refuses a time already past', () => {
    const { props } = setup({ meetings: ready([]) });
    fireEvent.click(screen.getByRole('button', { name: 'Propose a meeting' }));
    fireEvent.click(screen.getByRole('button', { name: 'Propose' }));
    expect(screen.getByRole('textbox', { name: 'Meeting title' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Give the meeting a title.')).toBeTruthy();
    expect(screen.getByText('Add at least one time.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Candidate time'), { target: { value: '2026-01-05T10:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add time' }));
    expect(screen.getByText('Pick a time still to come.')).toBeTruthy();
    expect(props.onWrite).not.toHaveBeenCalled();
  });
});

describe('Meetings: answering', () => {
  it('names each radiogroup by its time in the viewer\'s zone and saves the answer at once, the others as No', async () => {
    const { props } = setup();
    const groups = screen.getAllByRole('radiogroup');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([expect.stringMatching(/Mon, Mar 8, 2027, 6:00\s*–\s*7:00\sPM/), expect.stringMatching(/Mon, Mar 15, 2027, 6:00\s*–\s*7:00\sPM/)]);
    fireEvent.click(within(groups[1]!).getByRole('radio', { name: 'If need be' }));
    await waitFor(() => expect(props.onWrite).toHaveBeenCalledWith({ do: 'meeting.answer', meetingId: 'm1', answers: ['no', 'maybe'] }));
  });

  it('shows the viewer\'s waiting answers as pending, the counts, night and the best time so far', () => {
    setup({ meetings: ready([row({ answers: { ada: ['yes', 'no'], cy: ['maybe', 'yes'] } }, { myAnswers: ['yes', 'yes'] })]) });
    const [first, second] = screen.getAllByRole('listitem');
    expect(within(first!).getByRole('radio', { name: 'Yes' })).toHaveProperty('checked', true);
    expect(first!.textContent).toContain('2 yes · 1 if need be · 0 no');
    expect(first!.textContent).toContain('Best time so far');
    expect(first!.classList.contains('best')).toBe(true);
    expect(second!.textContent).not.toContain('Best time so far');
    // 18:00 in New York: day there, 07:00 or 08:00 the next morning in Tokyo.
    expect(first!.textContent).toContain('at night for no one');
    expect(screen.getByText('Sending…')).toBeTruthy();
    expect(screen.getByText(/1 member has no intro, so no time zone/)).toBeTruthy();
  });
});

describe('Meetings: confirming', () => {
  it('offers Confirm time to the organiser only', async () => {
    const { props, unmount } = setup();
    expect(screen.queryByRole('button', { name: 'Confirm time' })).toBeNull();
    unmount();
    const mine = setup({ memberId: 'ada' });
    const buttons = screen.getAllByRole('button', { name: 'Confirm time' });
    expect(buttons).toHaveLength(2);
    fireEvent.click(buttons[1]!);
    await waitFor(() => expect(mine.props.onWrite).toHaveBeenCalledWith({ do: 'meeting.confirm', meetingId: 'm1', time: 1 }));
    expect(props.onWrite).not.toHaveBeenCalled();
  });

  it('gives every member "Add to calendar", a download of the hub\'s file, fetched again when the meeting moves', async () => {
    const { props, rerender } = setup({ meetings: ready([row({ confirmed: 0, sequence: 0 })]) });
    const link = await screen.findByRole('link', { name: 'Add to calendar' });
    expect(link.getAttribute('download')).toBe('Planning.ics');
    expect(link.getAttribute('href')).toMatch(/^blob:/);
    expect(screen.getByText(/Confirmed: Mon, Mar 8, 2027/)).toBeTruthy();
    expect(props.onIcs).toHaveBeenCalledTimes(1);
    rerender(<Meetings {...props} meetings={ready([row({ confirmed: 1, sequence: 1 })])} />);
    await waitFor(() => expect(screen.getByRole('link', { name: 'Add to calendar' }).getAttribute('data-sequence')).toBe('1'));
    expect(props.onIcs).toHaveBeenCalledTimes(2);
    expect(screen.getByText(/Confirmed: Mon, Mar 15, 2027/)).toBeTruthy();
  });

  it('keeps a refused proposal with its reason until the member discards it', async () => {
    const { props } = setup({ meetings: ready([row({}, { delivery: 'failed', error: { code: 'time_past', message: 'Every candidate time must be still to come.' } })]) });
    expect(screen.getByRole('alert').textContent).toContain('Not sent:');
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(props.onWrite).toHaveBeenCalledWith({ do: 'discard', kind: 'meeting', id: 'm1' }));
  });
});
