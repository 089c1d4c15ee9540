import type { Frame, FrameLocator, Locator } from '@playwright/test';
import { audit } from './axe';
import { expect, test } from './fixtures';
import { useSidebarOwner } from './sidebar-owner';
import { widgetMember } from './widget-members';

/**
 * Polls between Ada, the group's owner in the extension's sidebar, and Bo in the widget's
 * panel on a creator's page: single and multiple choice, a vote changed, an anonymous vote
 * that is final, results live on the other side, and a poll closed.
 */
const cast = useSidebarOwner();
const owner = cast.owner;

async function newPoll(f: Frame, question: string, options: string[], o: { multiple?: boolean; anonymous?: boolean } = {}) {
  await f.getByRole('button', { name: 'New poll' }).click();
  await f.getByRole('textbox', { name: 'Question' }).fill(question);
  for (const [i, text] of options.entries()) {
    if (i >= 2) await f.getByRole('button', { name: 'Add option' }).click();
    await f.getByRole('textbox', { name: `Option ${i + 1}`, exact: true }).fill(text);
  }
  if (o.multiple) await f.getByRole('checkbox', { name: 'Multiple choice' }).check();
  if (o.anonymous) await f.getByRole('checkbox', { name: 'Anonymous' }).check();
  await f.getByRole('button', { name: 'Create poll' }).click();
  await expect(pollIn(f, question)).not.toContainText('Sending…');
}

const pollIn = (f: Frame | FrameLocator, question: string) => f.getByRole('article').filter({ has: f.getByRole('heading', { name: question }) });
const result = (poll: Locator, option: string) => poll.getByRole('list', { name: 'Results' }).getByRole('listitem').filter({ hasText: option });

test('polls live between the sidebar and the widget: single, multiple, a changed vote, anonymous and final, closed', async () => {
  const ada = await owner();
  const bo = await widgetMember(cast.stage(), { groupId: ada.groupId, invite: ada.invite, name: 'Bo', timezoneId: 'America/New_York' });
  const a = ada.frame;
  const b = bo.panel;
  await a.getByRole('tab', { name: 'Polls' }).click();
  await expect(a.getByText('No polls yet.')).toBeVisible();
  await newPoll(a, 'Which day?', ['Saturday', 'Sunday']);
  await b.getByRole('tab', { name: 'Polls' }).click();

  // Single choice: radios named by their text; Bo's vote shows on Ada's side as it is counted.
  const dayB = pollIn(b, 'Which day?');
  await dayB.getByRole('radio', { name: 'Sunday' }).check();
  await dayB.getByRole('button', { name: 'Vote' }).click();
  const dayA = pollIn(a, 'Which day?');
  await expect(result(dayA, 'Sunday')).toContainText('1 vote');
  await expect(result(dayA, 'Saturday')).toContainText('0 votes');
  // Changed while it is open.
  await expect(dayB).toContainText('You can change your vote until the poll closes.');
  await dayB.getByRole('radio', { name: 'Saturday' }).check();
  await dayB.getByRole('button', { name: 'Vote' }).click();
  await expect(result(dayA, 'Saturday')).toContainText('1 vote');
  await expect(result(dayA, 'Sunday')).toContainText('0 votes');
  await expect(dayA).toContainText('1 member voted');

  // Multiple choice: checkboxes.
  await newPoll(a, 'Snacks?', ['Crisps', 'Fruit', 'Cake'], { multiple: true });
  const snacksB = pollIn(b, 'Snacks?');
  await snacksB.getByRole('checkbox', { name: 'Crisps' }).check();
  await snacksB.getByRole('checkbox', { name: 'Cake' }).check();
  await snacksB.getByRole('button', { name: 'Vote' }).click();
  const snacksA = pollIn(a, 'Snacks?');
  await expect(result(snacksA, 'Crisps')).toContainText('1 vote');
  await expect(result(snacksA, 'Cake')).toContainText('1 vote');
  await expect(result(snacksA, 'Fruit')).toContainText('0 votes');

  // Anonymous: said before voting, final after.
  await newPoll(a, 'Rate the book', ['Good', 'Bad'], { anonymous: true });
  const rateB = pollIn(b, 'Rate the book');
  await expect(rateB.getByRole('button', { name: 'Vote' })).toHaveAccessibleDescription("Anonymous votes can't be changed");
  await audit(bo.page, 'polls, before an anonymous vote');
  await rateB.getByRole('radio', { name: 'Good' }).check();
  await rateB.getByRole('button', { name: 'Vote' }).click();
  await expect(rateB).toContainText("You voted. Anonymous votes can't be changed.");
  await expect(rateB.getByRole('radio')).toHaveCount(0);
  await expect(result(pollIn(a, 'Rate the book'), 'Good')).toContainText('1 vote');

  // Closed by its creator: results only, on both sides.
  await expect(dayB.getByRole('button', { name: 'Close poll' })).toHaveCount(0);
  await dayA.getByRole('button', { name: 'Close poll' }).click();
  await expect(dayB.getByRole('radio')).toHaveCount(0);
  await expect(dayB.getByRole('button', { name: 'Vote' })).toHaveCount(0);
  await expect(dayB).toContainText('Closed');
  await expect(result(dayB, 'Saturday')).toContainText('1 vote');
  await expect(dayA.getByRole('radio')).toHaveCount(0);
  await audit(ada.page, 'polls in the sidebar, one closed');
});
