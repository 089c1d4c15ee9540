// @vitest-environment happy-dom
import { parseZonedDateTime } from '@internationalized/date';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckIn, Goal } from '../../protocol/goals';
import { localDateAt } from '../../protocol/rules/dates';
import { deriveBoard, myGoals, type Held } from './board';
import { GoalForm } from './GoalForm';
import { MyGoals } from './MyGoals';
import { WeekBoard } from './WeekBoard';

afterEach(cleanup);

const ZONE = 'Europe/Berlin';
const at = (local: string) => parseZonedDateTime(`${local}[${ZONE}]`).toDate().getTime();
const NOW = at('2026-03-11T18:00');
const held = <T,>(data: T, delivery: Held<T>['delivery'] = 'sent', error: Held<T>['error'] = null): Held<T> => ({ data, delivery, error });
const goal = (id: string, memberId: string, o: Partial<Goal> = {}): Held<Goal> =>
  held({ id, groupId: 'g', memberId, title: `Goal ${id}`, cadence: 'daily', endDate: null, createdAt: at('2026-03-01T09:00'), ...o });
const checkIn = (id: string, goalId: string, memberId: string, local: string, o: Partial<CheckIn> = {}): Held<CheckIn> =>
  held({ id, goalId, memberId, at: at(local), timeZone: ZONE, localDate: localDateAt(at(local), ZONE), note: '', cheers: [], ...o });
const MEMBERS = [
  { id: 'ann', name: 'Ann', self: true },
  { id: 'bob', name: 'Bob', self: false },
  { id: 'cy', name: 'Cy', self: false },
];
const input = (goals: Held<Goal>[], checkIns: Held<CheckIn>[]) => ({ members: MEMBERS, goals, checkIns, viewerId: 'ann', now: NOW, zone: ZONE, rule: { locale: 'en-GB' }, offset: 0 });

describe('GoalForm', () => {
  it('opens on "New goal" and shares the title, cadence and end date', async () => {
    const onShare = vi.fn(() => Promise.resolve(null));
    render(<GoalForm today="2026-03-11" onShare={onShare} />);
    fireEvent.click(screen.getByRole('button', { name: 'New goal' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Goal' }), { target: { value: '  Run 5 km ' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Cadence' }), { target: { value: 'weekly' } });
    fireEvent.input(screen.getByLabelText('End date'), { target: { value: '2026-06-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Share goal' }));
    await waitFor(() => expect(onShare).toHaveBeenCalledWith({ title: 'Run 5 km', cadence: 'weekly', endDate: '2026-06-30' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'New goal' })).toBeTruthy());
  });

  it('asks for a title before sending anything, and shows the hub\'s refusal in the form', async () => {
    const onShare = vi.fn(() => Promise.resolve({ code: 'too_many_goals', message: 'A member may have at most 20 goals in a group.' }));
    render(<GoalForm today="2026-03-11" onShare={onShare} />);
    fireEvent.click(screen.getByRole('button', { name: 'New goal' }));
    fireEvent.click(screen.getByRole('button', { name: 'Share goal' }));
    const title = screen.getByRole('textbox', { name: 'Goal' });
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby')!)?.textContent).toBe('Give your goal a title.');
    expect(onShare).not.toHaveBeenCalled();
    fireEvent.input(title, { target: { value: 'Read' } });
    fireEvent.click(screen.getByRole('button', { name: 'Share goal' }));
    await waitFor(() => expect(screen.getByRole('alert')).toBeTruthy());
    expect(screen.getByRole('textbox', { name: 'Goal' })).toBeTruthy();
  });
});

describe('MyGoals', () => {
  it('checks in with a note, and then says it is done for today with its cheers', async () => {
    const onCheckIn = vi.fn(() => Promise.resolve(null));
    const goals = [goal('g1', 'ann', { title: 'Scales' })];
    const view = render(<MyGoals goals={myGoals(input(goals, []))} onCheckIn={onCheckIn} onDiscard={vi.fn()} />);
    const item = screen.getByRole('listitem', { name: 'Scales' });
    expect(within(item).getByText('No streak yet')).toBeTruthy();
    fireEvent.input(within(item).getByRole('textbox', { name: 'Check-in note' }), { target: { value: 'C major' } });
    fireEvent.click(within(item).getByRole('button', { name: 'Check in' }));
    await waitFor(() => expect(onCheckIn).toHaveBeenCalledWith('g1', 'C major'));
    const done = [checkIn('c0', 'g1', 'ann', '2026-03-10T20:00'), checkIn('c1', 'g1', 'ann', '2026-03-11T17:59', { note: 'C major', cheers: ['bob'] })];
    view.rerender(<MyGoals goals={myGoals(input(goals, done))} onCheckIn={onCheckIn} onDiscard={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Check in' })).toBeNull();
    expect(within(item).getByText('2 days in a row')).toBeTruthy();
    expect(item.textContent).toContain('Checked in today');
    expect(item.textContent).toContain('1 cheer');
  });

  it('says "Sending…" while the hub has not taken a goal, and offers Discard when it refused one', () => {
    const onDiscard = vi.fn();
    const goals = [goal('g1', 'ann', { title: 'Pending' }), held(goal('g2', 'ann', { title: 'Refused' }).data, 'failed', { code: 'too_many_goals', message: 'x' })];
    goals[0]!.delivery = 'pending';
    render(<MyGoals goals={myGoals(input(goals, []))} onCheckIn={vi.fn()} onDiscard={onDiscard} />);
    expect(within(screen.getByRole('listitem', { name: 'Pending' })).getByText('Sending…')).toBeTruthy();
    const refused = screen.getByRole('listitem', { name: 'Refused' });
    expect(within(refused).getByRole('alert')).toBeTruthy();
    expect(within(refused).queryByRole('button', { name: 'Check in' })).toBeNull();
    fireEvent.click(within(refused).getByRole('button', { name: 'Discard' }));
    expect(onDiscard).toHaveBeenCalledWith('goal', 'g2');
  });
});

describe('WeekBoard', () => {
  const goals = [goal('a1', 'ann', { title: 'Scales' }), goal('b1', 'bob', { title: 'Run' }), goal('b2', 'bob', { title: 'Read', cadence: 'weekly' })];
  const checkIns = [
    checkIn('ca', 'a1', 'ann', '2026-03-10T08:00', { cheers: ['bob', 'cy'] }),
    checkIn('cb', 'b1', 'bob', '2026-03-09T07:00', { note: 'Easy 5 km', cheers: ['ann'] }),
    checkIn('cw', 'b2', 'bob', '2026-03-11T07:00'),
  ];

  it('has a row per member (those without goals too), each day of their daily goals, and their weekly check-in', () => {
    render(<WeekBoard board={deriveBoard(input(goals, checkIns))} offset={0} onWeek={vi.fn()} onCheer={vi.fn()} />);
    const table = screen.getByRole('table', { name: 'This week' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Ann (you)', 'Bob', 'Cy']);
    expect(within(rows[2]!).getByText('No goals yet')).toBeTruthy();
    const days = within(rows[1]!).getByRole('list', { name: 'Days of Run' });
    expect(within(days).getAllByRole('listitem')).toHaveLength(7);
    expect(days.textContent).toContain('Tuesday, March 10: no check-in');
    expect(rows[1]!.textContent).toContain('Checked in on Wednesday, March 11');
    expect(rows[1]!.textContent).toContain('Easy 5 km');
    // The viewer's own check-in shows its cheers, with no button to cheer oneself.
    expect(within(rows[0]!).queryAllByRole('button')).toHaveLength(0);
    expect(rows[0]!.textContent).toContain('Tuesday, March 10: checked in');
    expect(rows[0]!.textContent).toContain('2 cheers');
  });

  it('cheers others\' check-ins, and takes a cheer back', () => {
    const onCheer = vi.fn();
    render(<WeekBoard board={deriveBoard(input(goals, checkIns))} offset={0} onWeek={vi.fn()} onCheer={onCheer} />);
    const cheered = screen.getByRole('button', { name: /^Cheer Bob on Monday, March 9/ });
    expect(cheered.getAttribute('aria-pressed')).toBe('true');
    expect(cheered.textContent).toContain('1 cheer');
    fireEvent.click(cheered);
    expect(onCheer).toHaveBeenLastCalledWith('cb', false);
    const weekly = screen.getByRole('button', { name: /^Cheer Bob on Wednesday, March 11/ });
    expect(weekly.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(weekly);
    expect(onCheer).toHaveBeenLastCalledWith('cw', true);
  });

  it('moves a week back and forward, never past this week', () => {
    const onWeek = vi.fn();
    const view = render(<WeekBoard board={deriveBoard(input(goals, checkIns))} offset={0} onWeek={onWeek} onCheer={vi.fn()} />);
    expect(screen.getByRole('heading', { name: 'Mar 9, 2026 – Mar 15, 2026' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next week' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Previous week' }));
    expect(onWeek).toHaveBeenLastCalledWith(-1);
    view.rerender(<WeekBoard board={deriveBoard({ ...input(goals, checkIns), offset: -1 })} offset={-1} onWeek={onWeek} onCheer={vi.fn()} />);
    expect(screen.getByRole('heading', { name: 'Mar 2, 2026 – Mar 8, 2026' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back to this week' }));
    expect(onWeek).toHaveBeenLastCalledWith(0);
  });
});
