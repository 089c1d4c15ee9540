/**
 * Runs in Chromium for bench/meeting-grid.ts (bundled there with esbuild): a meeting of a
 * 100-member group, 10 candidate times, everyone's answers and zones from their intros,
 * rendered by the Meetings section's own components, and each render timed.
 */
import { render } from 'preact';
import { Meetings } from '../components/meetings/Meetings';
import { localInstant } from '../components/meetings/when';
import type { Availability } from '../protocol/meetings';
import type { MemberItem, RecordItem } from '../sync/types';

export interface Timing {
  /** Deriving the grid and rendering it into the DOM (Preact renders synchronously). */
  render: number;
  /** Then the style and layout pass the browser needs before it can paint it. */
  layout: number;
}

type MeetingRow = Extract<RecordItem, { kind: 'meeting' }>;
type IntroRow = Extract<RecordItem, { kind: 'intro' }>;

const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Africa/Lagos', 'Pacific/Auckland'];
const CHOICES: Availability[] = ['yes', 'maybe', 'no'];

/** The group, seeded: `members` members, every tenth without an intro, each answering every time. */
function group(members: number, times: number) {
  const items: MemberItem[] = Array.from({ length: members }, (_, i) => ({ id: `m${i}`, name: `Member ${i}`, role: i === 0 ? 'owner' : 'member', intro: '', joinedAt: 0, self: i === 1 }));
  const intros = items
    .filter((_, i) => i % 10 !== 9)
    .map((m, i) => ({ groupId: 'g', kind: 'intro', id: m.id, data: { memberId: m.id, text: '', interests: [], timeZone: ZONES[i % ZONES.length]!, skipped: false, updatedAt: 0 }, delivery: 'sent', error: null, fromEvent: true }) as IntroRow);
  // Weekly, either side of New York's DST change, at 18:00 there.
  const candidate = Array.from({ length: times }, (_, w) => ({ kind: 'timed' as const, start: localInstant(`2027-03-${String(1 + w * 2).padStart(2, '0')}T18:00`, 'America/New_York')!, minutes: 60 }));
  const answers = Object.fromEntries(items.map((m, i) => [m.id, candidate.map((_, t) => CHOICES[(i * 7 + t * 3) % 3]!)]));
  const meeting: MeetingRow = {
    groupId: 'g',
    kind: 'meeting',
    id: 'meeting',
    data: { id: 'meeting', groupId: 'g', organiser: 'm0', title: 'Planning', times: candidate, answers, confirmed: null, sequence: 0, createdAt: 0 },
    delivery: 'sent',
    error: null,
    fromEvent: true,
  };
  return { items, intros, meeting };
}

function once(g: ReturnType<typeof group>): Timing {
  const host = document.createElement('div');
  document.querySelector('main')!.append(host);
  const t0 = performance.now();
  render(
    <Meetings
      meetings={{ status: 'ready', value: [g.meeting], error: null }}
      intros={{ status: 'ready', value: g.intros, error: null }}
      members={g.items}
      memberId="m1"
      zone="Europe/Berlin"
      now={Date.UTC(2026, 11, 3)}
      onWrite={() => Promise.resolve(null)}
      onIcs={() => Promise.resolve({ ok: true, value: '' })}
    />,
    host,
  );
  const t1 = performance.now();
  void host.getBoundingClientRect().height;
  const t2 = performance.now();
  render(null, host);
  host.remove();
  return { render: t1 - t0, layout: t2 - t1 };
}

(globalThis as unknown as { nookMeetingGrid: (members: number, times: number, warm: number, runs: number) => { first: Timing; runs: Timing[] } }).nookMeetingGrid = (members, times, warm, runs) => {
  const g = group(members, times);
  // The first render pays for the date formatters, as a member's first look at the section does.
  const first = once(g);
  for (let i = 0; i < warm; i++) once(g);
  return { first, runs: Array.from({ length: runs }, () => once(g)) };
};
