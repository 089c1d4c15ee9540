import { liveQuery } from 'dexie';
import { translator } from '../../i18n/background';
import type { NookDB } from '../../storage/db';
import { nextReminders, type Reminder } from '../../storage/reminders';
import { getSettings } from '../../storage/settings';

/**
 * Check-in and meeting reminders as browser notifications. The schedule (storage/reminders.ts)
 * becomes one alarm per reminder, recomputed whenever the records, memberships or settings
 * change. The background may be stopped between scheduling and the alarm, so an alarm carries
 * only its name: when it rings, the schedule is computed again as of its time, and the
 * notification is shown only if the reminder is still due (a check-in made since cancels it).
 */

const PREFIX = 'reminder:';

/** The parts of browser.alarms and browser.notifications used here (the tests pass fakes). */
export interface ReminderDeps {
  alarms: {
    create(name: string, info: { when: number }): void | Promise<void>;
    clear(name: string): Promise<boolean>;
    getAll(): Promise<{ name: string; scheduledTime: number }[]>;
    onAlarm: { addListener(cb: (alarm: { name: string; scheduledTime: number }) => void): void };
  };
  notifications: { create(id: string, options: { type: 'basic'; title: string; message: string; iconUrl: string }): Promise<string> };
  now(): number;
  /** Where the member is, and their locale (the browser's). */
  calendar(): { zone: string; locale: string };
  iconUrl: string;
}

async function schedule(db: NookDB, deps: ReminderDeps, now: number): Promise<Reminder[]> {
  const [settings, memberships, groups, records] = await Promise.all([getSettings(db), db.memberships.toArray(), db.groups.toArray(), db.records.toArray()]);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const { zone, locale } = deps.calendar();
  return nextReminders({
    groups: memberships.filter((m) => m.endedAt === null).map((m) => ({ groupId: m.groupId, memberId: m.memberId, name: names.get(m.groupId) ?? '' })),
    records,
    settings,
    now,
    zone,
    rule: { locale },
  });
}

/** Sets the alarms to the schedule: new ones made, moved ones moved, those no longer due cleared. */
export async function reschedule(db: NookDB, deps: ReminderDeps): Promise<void> {
  const want = new Map((await schedule(db, deps, deps.now())).map((r) => [r.id, r.at]));
  const have = (await deps.alarms.getAll()).filter((a) => a.name.startsWith(PREFIX));
  for (const a of have) if (want.get(a.name) !== a.scheduledTime) await deps.alarms.clear(a.name);
  const kept = new Set(have.filter((a) => want.get(a.name) === a.scheduledTime).map((a) => a.name));
  for (const [name, when] of want) if (!kept.has(name)) await deps.alarms.create(name, { when });
}

/** Shows the reminder an alarm stands for, if it is still due. */
export async function ring(db: NookDB, deps: ReminderDeps, alarm: { name: string; scheduledTime: number }): Promise<boolean> {
  if (!alarm.name.startsWith(PREFIX)) return false;
  // As of just before the alarm's time: the reminder it was set for is in the schedule only if still due.
  const due = (await schedule(db, deps, alarm.scheduledTime - 1)).find((r) => r.id === alarm.name);
  if (!due) return false;
  const settings = await getSettings(db);
  const { t } = await translator(settings.language || deps.calendar().locale);
  const [title, message] =
    due.kind === 'checkin'
      ? [t('reminders.checkInTitle', { title: due.title }), t(due.cadence === 'daily' ? 'reminders.checkInDaily' : 'reminders.checkInWeekly', { group: due.groupName })]
      : [
          t('reminders.meetingTitle', { title: due.title }),
          t('reminders.meetingBody', { group: due.groupName, time: new Intl.DateTimeFormat(settings.language || deps.calendar().locale, { timeStyle: 'short', timeZone: deps.calendar().zone }).format(due.start) }),
        ];
  await deps.notifications.create(due.id, { type: 'basic', title, message, iconUrl: deps.iconUrl });
  return true;
}

/**
 * Starts the reminders: the alarm listener at once (an MV3 background is woken by the alarm
 * and must listen before its first turn ends), and the schedule kept up to date.
 */
export function startReminders(db: NookDB, deps: ReminderDeps): { stop(): void } {
  deps.alarms.onAlarm.addListener((alarm) => {
    void ring(db, deps, alarm)
      .catch((e: unknown) => console.warn('[nook reminders]', e))
      .then(() => reschedule(db, deps));
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Records change in bursts (a catch-up applies many events): one reschedule after each burst.
  const sub = liveQuery(() => Promise.all([db.records.toArray(), db.memberships.toArray(), db.settings.toArray()])).subscribe({
    next() {
      clearTimeout(timer);
      timer = setTimeout(() => void reschedule(db, deps).catch((e: unknown) => console.warn('[nook reminders]', e)), 500);
    },
    error: (e: unknown) => console.warn('[nook reminders]', e),
  });
  return {
    stop() {
      clearTimeout(timer);
      sub.unsubscribe();
    },
  };
}
