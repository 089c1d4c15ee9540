/**
 * Runs in Chromium for bench/goals-board.ts (bundled there with esbuild): the weekly board of
 * a seeded 100-member group, derived by components/goals/board.ts and rendered by the Goals
 * section's own WeekBoard, each render timed.
 */
import { render } from 'preact';
import { deriveBoard, type BoardInput, type Held } from '../components/goals/board';
import { WeekBoard } from '../components/goals/WeekBoard';
import type { CheckIn, Goal } from '../protocol/goals';
import { addDays, localDateAt } from '../protocol/rules/dates';
import { wallClock } from '../storage/reminders';
import { prng } from './notes-gen';

export interface Timing {
  /** Deriving the board and rendering it into the DOM (Preact renders synchronously). */
  render: number;
  /** Then the style and layout pass the browser needs before it can paint it. */
  layout: number;
}

const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Africa/Lagos', 'Pacific/Auckland'];
const ZONE = 'Europe/Berlin';
/** A Thursday evening in the week of New York's DST change (8 March 2026). */
const TODAY = '2026-03-12';
const NOW = wallClock(TODAY, '19:00', ZONE);

/** `members` members with 1-3 goals each (one in four weekly), four weeks of check-ins (about four days in five), some cheered. */
export function group(members: number): { input: BoardInput; goals: number; checkIns: number } {
  const random = prng(16);
  const people = Array.from({ length: members }, (_, i) => ({ id: `m${i}`, name: `Member ${String(i).padStart(3, '0')}`, self: i === 1 }));
  const goals: Held<Goal>[] = [];
  const checkIns: Held<CheckIn>[] = [];
  for (const [i, p] of people.entries()) {
    const zone = ZONES[i % ZONES.length]!;
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) {
      const cadence = random() < 0.25 ? 'weekly' : 'daily';
      const g: Goal = { id: `${p.id}-g${k}`, groupId: 'g', memberId: p.id, title: `Goal ${k + 1} of ${p.name}`, cadence, endDate: null, createdAt: wallClock('2026-02-01', '09:00', zone) };
      goals.push({ data: g, delivery: 'sent', error: null });
      for (let d = -27; d <= 0; d++) {
        const date = addDays(TODAY, d);
        if (random() > (cadence === 'daily' ? 0.8 : 0.12)) continue;
        const when = wallClock(date, random() < 0.5 ? '07:30' : '21:15', zone);
        if (when > NOW) continue;
        const cheers = people.filter(() => random() < 0.03).map((c) => c.id);
        const note = random() < 0.2 ? 'Felt good today' : '';
        checkIns.push({ data: { id: `${g.id}-${date}`, goalId: g.id, memberId: p.id, at: when, timeZone: zone, localDate: localDateAt(when, zone), note, cheers }, delivery: 'sent', error: null });
      }
    }
  }
  return { input: { members: people, goals, checkIns, viewerId: 'm1', now: NOW, zone: ZONE, rule: { locale: 'en-GB' }, offset: 0 }, goals: goals.length, checkIns: checkIns.length };
}

function once(input: BoardInput): Timing {
  const host = document.createElement('div');
  document.querySelector('main')!.append(host);
  const t0 = performance.now();
  render(<WeekBoard board={deriveBoard(input)} offset={0} onWeek={() => undefined} onCheer={() => undefined} />, host);
  const t1 = performance.now();
  void host.getBoundingClientRect().height;
  const t2 = performance.now();
  render(null, host);
  host.remove();
  return { render: t1 - t0, layout: t2 - t1 };
}

(globalThis as unknown as { nookGoalsBoard: (members: number, warm: number, runs: number) => { first: Timing; runs: Timing[]; goals: number; checkIns: number; rows: number } }).nookGoalsBoard = (members, warm, runs) => {
  const g = group(members);
  // The first render pays for the date formatters, as a member's first look at the section does.
  const first = once(g.input);
  for (let i = 0; i < warm; i++) once(g.input);
  const timed = Array.from({ length: runs }, () => once(g.input));
  const host = document.createElement('div');
  document.querySelector('main')!.append(host);
  render(<WeekBoard board={deriveBoard(g.input)} offset={0} onWeek={() => undefined} onCheer={() => undefined} />, host);
  const rows = host.querySelectorAll('tbody tr').length;
  render(null, host);
  host.remove();
  return { first, runs: timed, goals: g.goals, checkIns: g.checkIns, rows };
};
