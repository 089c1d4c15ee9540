import type { FrameLocator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { audit } from './axe';
import { expect, test } from './fixtures';
import { stage, widgetMember, type Stage } from './widget-members';

/**
 * Meetings with two members in the widget's panel on two browsers, one in Tokyo and one in
 * New York, with candidate times either side of New York's DST change (2027-03-14): each
 * sees the times in their own zone, who they fall at night for, the best time live, and the
 * confirmed meeting as a calendar file whose SEQUENCE goes up when it moves.
 */
let s: Stage;
test.beforeEach(async () => {
  s = await stage();
});
test.afterEach(async () => {
  await s.close();
});

const timeItem = (f: FrameLocator, name: RegExp) => f.getByRole('listitem').filter({ has: f.getByRole('radiogroup', { name }) });

/** The calendar file behind "Add to calendar", as the browser downloads it. */
async function download(page: Page, f: FrameLocator): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), f.getByRole('link', { name: 'Add to calendar' }).click()]);
  expect(file.suggestedFilename()).toBe('Planning.ics');
  return readFileSync((await file.path())!, 'utf8');
}

// What Ada types in Tokyo, and where it falls in New York: 20:00 EST, 20:00 EDT (the clocks
// went forward in between, so an hour less from UTC), and midnight.
const TOKYO_TIMES = ['2027-03-13T10:00', '2027-03-16T09:00', '2027-03-16T13:00'];
const IN_TOKYO = [/^Sat, Mar 13, 2027, 10:00\s–\s11:00\sAM$/, /^Tue, Mar 16, 2027, 9:00\s–\s10:00\sAM$/, /^Tue, Mar 16, 2027, 1:00\s–\s2:00\sPM$/];
const IN_NEW_YORK = [/^Fri, Mar 12, 2027, 8:00\s–\s9:00\sPM$/, /^Mon, Mar 15, 2027, 8:00\s–\s9:00\sPM$/, /^Tue, Mar 16, 2027, 12:00\s–\s1:00\sAM$/];

test('a meeting across a DST change: local times, night counts, the best time live, confirmed and moved with its .ics', async () => {
  const g = await s.api.group({ name: 'Book club', ownerName: 'Olive' });
  await s.api.thread(g.groupId, g.token);
  const ada = await widgetMember(s, { groupId: g.groupId, invite: (await s.api.invite(g.groupId, g.token)).url, name: 'Ada', timezoneId: 'Asia/Tokyo' });
  await ada.panel.getByRole('textbox', { name: 'Introduce yourself' }).fill('Ada, reading in Tokyo.');
  await ada.panel.getByRole('button', { name: 'Post intro' }).click();
  const bo = await widgetMember(s, { groupId: g.groupId, invite: (await s.api.invite(g.groupId, g.token)).url, name: 'Bo', timezoneId: 'America/New_York' });
  // Skipping keeps Bo's zone (the browser's); Olive, the owner, never wrote an intro.
  await bo.panel.getByRole('button', { name: 'Skip' }).click();

  const a = ada.panel;
  await a.getByRole('tab', { name: 'Meetings' }).click();
  await expect(a.getByText('No meetings yet.', { exact: false })).toBeVisible();
  await a.getByRole('button', { name: 'Propose a meeting' }).click();
  await a.getByRole('textbox', { name: 'Meeting title' }).fill('Planning');
  await expect(a.getByLabel('Candidate time', { exact: true })).toHaveAccessibleDescription('In your time zone (Asia/Tokyo).');
  for (const v of TOKYO_TIMES) {
    await a.getByLabel('Candidate time', { exact: true }).fill(v);
    await a.getByRole('button', { name: 'Add time' }).click();
  }
  await a.getByRole('button', { name: 'Propose', exact: true }).click();
  const meetingA = a.getByRole('article').filter({ hasText: 'Planning' });
  await expect(meetingA).toBeVisible();
  await expect(meetingA.getByRole('radiogroup')).toHaveCount(3);
  for (const [i, name] of IN_TOKYO.entries()) await expect(meetingA.getByRole('radiogroup').nth(i)).toHaveAccessibleName(name);

  const b = bo.panel;
  await b.getByRole('tab', { name: 'Meetings' }).click();
  const meetingB = b.getByRole('article').filter({ hasText: 'Planning' });
  await expect(meetingB).toBeVisible();
  // The same wall-clock hour in New York either side of the change; midnight is night there only.
  for (const [i, name] of IN_NEW_YORK.entries()) await expect(meetingB.getByRole('radiogroup').nth(i)).toHaveAccessibleName(name);
  await expect(timeItem(b, IN_NEW_YORK[0]!)).toContainText('at night for no one');
  await expect(timeItem(b, IN_NEW_YORK[1]!)).toContainText('at night for no one');
  await expect(timeItem(b, IN_NEW_YORK[2]!)).toContainText('at night for 1 member');
  await expect(meetingB).toContainText('1 member has no intro, so no time zone');

  // Bo answers in his own zone, one time after another; each is saved as he goes.
  await timeItem(b, IN_NEW_YORK[0]!).getByRole('radio', { name: 'Yes' }).check();
  await timeItem(b, IN_NEW_YORK[1]!).getByRole('radio', { name: 'If need be' }).check();
  await timeItem(b, IN_NEW_YORK[2]!).getByRole('radio', { name: 'No' }).check();
  await expect(meetingB).not.toContainText('Sending…');

  // Ada sees his answers and the best time as they arrive.
  await expect(timeItem(a, IN_TOKYO[0]!)).toContainText('1 yes · 0 if need be · 0 no');
  await expect(timeItem(a, IN_TOKYO[1]!)).toContainText('0 yes · 1 if need be · 0 no');
  await expect(timeItem(a, IN_TOKYO[0]!)).toContainText('Best time so far');
  await timeItem(a, IN_TOKYO[1]!).getByRole('radio', { name: 'Yes' }).check();
  await expect(timeItem(a, IN_TOKYO[1]!)).toContainText('Best time so far');
  await expect(timeItem(a, IN_TOKYO[0]!)).not.toContainText('Best time so far');
  await expect(timeItem(b, IN_NEW_YORK[1]!)).toContainText('1 yes · 1 if need be · 0 no');
  // Only the organiser confirms.
  await expect(b.getByRole('button', { name: 'Confirm time' })).toHaveCount(0);
  await audit(bo.page, 'meetings, answered');

  await timeItem(a, IN_TOKYO[1]!).getByRole('button', { name: 'Confirm time' }).click();
  await expect(meetingB).toContainText('Confirmed: Mon, Mar 15, 2027');
  await expect(b.getByRole('link', { name: 'Add to calendar' })).toHaveAttribute('data-sequence', '0');
  const first = await download(bo.page, b);
  expect(first).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(first).toContain('SEQUENCE:0\r\n');
  // Timed events in UTC: 20:00 EDT on 15 March is 00:00 UTC on the 16th.
  expect(first).toMatch(/DTSTART:20270316T000000Z\r\n/);
  expect(first).toMatch(/DTEND:20270316T010000Z\r\n/);
  expect(await download(ada.page, a)).toContain('SEQUENCE:0\r\n');
  await audit(ada.page, 'meetings, confirmed');

  // Ada moves it to the first time: Bo's link gives the new file, with a higher SEQUENCE.
  await timeItem(a, IN_TOKYO[0]!).getByRole('button', { name: 'Confirm time' }).click();
  await expect(meetingB).toContainText('Confirmed: Fri, Mar 12, 2027');
  await expect(b.getByRole('link', { name: 'Add to calendar' })).toHaveAttribute('data-sequence', '1');
  const moved = await download(bo.page, b);
  expect(moved).toContain('SEQUENCE:1\r\n');
  // 20:00 EST on 12 March is 01:00 UTC on the 13th: an hour more from UTC than after the change.
  expect(moved).toMatch(/DTSTART:20270313T010000Z\r\n/);
  expect(moved.match(/UID:[^\r]+/)?.[0]).toBe(first.match(/UID:[^\r]+/)?.[0]);
});
