import type { Frame, FrameLocator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { audit } from './axe';
import { expect, test } from './fixtures';
import { useSidebarOwner } from './sidebar-owner';
import { widgetMember } from './widget-members';

/**
 * Feedback requests (issue #16 part 5) between Ada, the owner in the extension's sidebar,
 * and Bo in the widget's panel in New York: Ada asks with a closing time, Bo rates and answers
 * (and changes his answer), Ada's summary follows live, her CSV keeps accents readable and a
 * formula-like answer inert, and closing ends the answers.
 */
const cast = useSidebarOwner();
const owner = cast.owner;

const request = (f: Frame | FrameLocator, question: string) => f.getByRole('listitem').filter({ has: f.getByRole('heading', { name: question }) });

/**
 * A closing time as Ada types it: 15 March next year at 10:00 on this machine's clock (her
 * browser's zone), after New York's clocks go forward (the second Sunday of March), so Bo
 * there sees it in daylight time though it was set in winter.
 */
function closingTime(): { value: string; instant: number } {
  const year = new Date().getFullYear() + 1;
  return { value: `${year}-03-15T10:00`, instant: new Date(year, 2, 15, 10, 0).getTime() };
}

test('an owner asks for feedback; a member in another zone rates and answers in the panel; the summary follows live, exports as CSV, and closes', async () => {
  const ada = await owner();
  const bo = await widgetMember(cast.stage(), { groupId: ada.groupId, invite: ada.invite, name: 'Bo', timezoneId: 'America/New_York' });
  const a = ada.frame;
  const b = bo.panel;
  const question = 'Comment était la séance 3 ?';

  await a.getByRole('tab', { name: 'Feedback' }).click();
  await expect(a.getByText('No feedback requests yet.')).toBeVisible();
  await a.getByRole('button', { name: 'Ask for feedback' }).click();
  await a.getByRole('textbox', { name: 'Question' }).fill(question);
  const closes = closingTime();
  await a.getByRole('textbox', { name: 'Closes at' }).fill(closes.value);
  await a.getByRole('button', { name: 'Ask', exact: true }).click();
  const onAda = request(a, question);
  await expect(onAda).toContainText('no answers yet');
  await expect(onAda).not.toContainText('Sending…');
  await expect(onAda).toContainText('Average');
  await audit(ada.page, 'feedback asked');

  // Bo sees it live, its closing time in his own zone, and answers.
  await b.getByRole('tab', { name: 'Feedback' }).click();
  const onBo = request(b, question);
  const inNewYork = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/New_York' }).format(closes.instant);
  expect(new Intl.DateTimeFormat('en-US', { timeZoneName: 'short', timeZone: 'America/New_York' }).format(closes.instant)).toContain('EDT');
  await expect(onBo).toContainText(`closes ${inNewYork}`);
  await expect(b.getByRole('button', { name: 'Ask for feedback' })).toHaveCount(0);
  const rating = onBo.getByRole('radiogroup', { name: 'Rating' });
  await expect(rating.getByRole('radio')).toHaveCount(5);
  await rating.getByRole('radio', { name: '3' }).check();
  await onBo.getByRole('textbox', { name: 'Your answer' }).fill('=1+1 and the crème pâtissière split');
  await onBo.getByRole('button', { name: 'Submit feedback' }).click();
  await expect(onBo).toContainText('Your feedback is in');
  await audit(bo.page, 'feedback answered in the panel');

  // Ada's summary follows without a reload.
  await expect(onAda).toContainText('1 answer');
  await expect(onAda.getByRole('definition')).toHaveText('3 out of 5');
  await expect(onAda.getByRole('list', { name: 'Answers' })).toContainText('=1+1 and the crème pâtissière split');

  // Bo changes his rating; the average moves.
  await rating.getByRole('radio', { name: '5' }).check();
  await onBo.getByRole('button', { name: 'Submit feedback' }).click();
  await expect(onAda.getByRole('definition')).toHaveText('5 out of 5');
  await expect(onAda).toContainText('1 answer');

  // The CSV: a file named after the question, UTF-8 with a BOM, the formula-like answer escaped.
  const [download] = await Promise.all([ada.page.waitForEvent('download'), onAda.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('feedback-comment-etait-la-seance-3.csv');
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf8');
  expect(csv).toContain('crème pâtissière');
  expect(csv).not.toMatch(/(^|,|")=1\+1/m);
  expect(csv).toContain("'=1+1");

  // Ada closes the request: Bo can no longer answer.
  await onAda.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(onAda).toContainText('Closed');
  await expect(onAda.getByRole('button', { name: 'Close', exact: true })).toHaveCount(0);
  await expect(onBo).toContainText('Closed');
  await expect(onBo.getByRole('button', { name: 'Submit feedback' })).toHaveCount(0);
  await expect(onBo).toContainText('This request is closed');
});
