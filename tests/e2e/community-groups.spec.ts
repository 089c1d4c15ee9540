import type { BrowserContext, Frame } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { audit } from './axe';
import { expect, launch, openSidebar, test } from './fixtures';
import { useSidebarOwner } from './sidebar-owner';

/**
 * A community's groups and leaving it, in the sidebar, two members on two Chromium profiles and
 * a real hub: Ada, who owns the community, makes two groups in it with the "New group" button
 * (a member limit over 100 is refused in the form); Bo, a member, has no such button, sees them
 * appear without reloading and asks to join both; Ada sees his requests arrive in the
 * community's own list, naming each group, and lets him into one; Bo leaves the community after
 * being told what it does: he keeps that group, and his other request goes from Ada's list.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

const owner = useSidebarOwner();
const contexts: BrowserContext[] = [];
const dirs: string[] = [];
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function communitiesTab(frame: Frame) {
  await frame.getByRole('tab', { name: 'Communities' }).click();
}

test("an owner makes groups in her community; a member sees them live, asks in, and leaves, keeping the group he is in", async () => {
  test.setTimeout(150_000);
  const hub = owner.stage().hub.url;
  // Ada is signed in on the hub by her group "Bakers" (useSidebarOwner).
  const ada = await owner.owner();
  await ada.frame.getByRole('button', { name: '← All groups' }).click();
  await communitiesTab(ada.frame);
  await ada.frame.getByRole('button', { name: 'New community' }).click();
  await ada.frame.getByRole('textbox', { name: 'Community name', exact: true }).fill('Sourdough school');
  await ada.frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub);
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await ada.frame.getByRole('button', { name: 'Create community' }).click();
  await expect(ada.frame.getByRole('heading', { name: 'Sourdough school' })).toBeVisible();
  await ada.frame.getByRole('button', { name: 'Make invite link' }).click();
  const link = await ada.frame.getByRole('textbox', { name: 'Community invite link' }).inputValue();
  // Its owner cannot leave it, and is told why before trying.
  const adaLeave = ada.frame.getByRole('button', { name: 'Leave community' });
  await expect(adaLeave).toBeDisabled();
  await expect(adaLeave).toHaveAccessibleDescription('As its owner, you can’t leave the community: make another member its owner first.');

  // Bo joins by the link; a member has no "New group" in the community.
  const profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  dirs.push(profile);
  const boContext = await launch(profile);
  contexts.push(boContext);
  const boPage = await boContext.newPage();
  await boPage.goto(THREAD);
  const bo = await openSidebar(boPage);
  await communitiesTab(bo);
  await bo.getByRole('button', { name: 'Join a community' }).click();
  await bo.getByRole('textbox', { name: 'Community invite link' }).fill(link);
  await bo.getByRole('button', { name: 'Continue' }).click();
  await bo.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bo');
  await bo.getByRole('button', { name: 'Join community' }).click();
  await expect(bo.getByText('2 members · Member')).toBeVisible();
  await expect(bo.getByText('This community has no groups yet.')).toBeVisible();
  await expect(bo.getByRole('button', { name: 'New group' })).toHaveCount(0);

  // Ada makes a group in it: the limit is checked as the hub checks it (2 to 100, 30 unless changed).
  await ada.frame.getByRole('button', { name: 'New group' }).click();
  const limit = ada.frame.getByRole('spinbutton', { name: 'Member limit' });
  await expect(limit).toHaveValue('30');
  await expect(ada.frame.getByRole('textbox', { name: 'Your name', exact: true })).toHaveCount(0);
  await ada.frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Rye bakers');
  await ada.frame.getByRole('textbox', { name: 'Topic', exact: true }).fill('Dark loaves');
  await limit.fill('101');
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await expect(limit).toHaveAccessibleDescription(/Member limit must be a whole number from 2 to 100\./);
  await expect(ada.frame.getByRole('button', { name: 'Create group' })).toBeDisabled();
  await audit(ada.page, "a community's new-group form, its limit refused");
  await limit.fill('25');
  await ada.frame.getByRole('button', { name: 'Create group' }).click();
  const adaGroups = ada.frame.getByRole('list', { name: 'Groups' });
  await expect(adaGroups.getByRole('listitem').filter({ hasText: 'Rye bakers' })).toContainText('1 of 25 members');
  await ada.frame.getByRole('button', { name: 'New group' }).click();
  await ada.frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Starters');
  await ada.frame.getByRole('button', { name: 'Create group' }).click();
  await expect(adaGroups.getByRole('listitem')).toHaveCount(2);

  // Bo, looking at the community all along, sees both appear without reloading, and asks into each.
  const boGroups = bo.getByRole('list', { name: 'Groups' });
  await expect(boGroups.getByRole('listitem')).toHaveCount(2);
  for (const name of ['Rye bakers', 'Starters']) {
    await bo.getByRole('button', { name: `Ask to join ${name}` }).click();
    await bo.getByRole('button', { name: 'Send request' }).click();
    await expect(boGroups.getByRole('listitem').filter({ hasText: name })).toContainText('Waiting for approval');
  }

  // Ada's community shows his two requests as they come, each naming its group; she lets him into Rye bakers.
  const requests = ada.frame.getByRole('list', { name: 'Join requests (2)' });
  await expect(requests.getByRole('listitem')).toHaveCount(2);
  await expect(requests.getByRole('listitem').first()).toContainText('Asks to join Rye bakers');
  await audit(ada.page, "a community's join requests");
  await ada.frame.getByRole('button', { name: 'Approve Bo for Rye bakers' }).click();
  await expect(ada.frame.getByRole('list', { name: 'Join requests (1)' }).getByRole('listitem')).toContainText('Asks to join Starters');
  // He is in it, on his device too, as one of his groups.
  await expect(boGroups.getByRole('button', { name: 'Open Rye bakers' })).toBeVisible();

  // Bo leaves: first told what that does.
  await bo.getByRole('button', { name: 'Leave community' }).click();
  const confirm = bo.getByRole('group', { name: /^Leave Sourdough school\?/ });
  await expect(confirm).toContainText('You stay in the groups of it you joined, but you no longer see its other groups, and your waiting requests to join them are withdrawn.');
  await audit(boPage, 'leaving a community, asked to confirm');
  await confirm.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(bo.getByRole('status').filter({ hasText: 'You left Sourdough school.' })).toBeVisible();
  await expect(bo.getByText('You are not in any community yet.')).toBeVisible();
  await audit(boPage, 'after leaving a community');
  // Rye bakers stays his.
  await bo.getByRole('tab', { name: 'Groups' }).click();
  await bo.getByRole('button', { name: /Rye bakers/ }).click();
  await expect(bo.getByRole('heading', { name: 'Rye bakers' })).toBeVisible();
  await expect(bo.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();

  // His waiting request to Starters is gone from Ada's list, without her reloading; the count says one member again.
  await expect(ada.frame.getByText('No one is waiting to join.')).toBeVisible();
  await ada.frame.getByRole('button', { name: '← All communities' }).click();
  await ada.frame.getByRole('button', { name: 'Sourdough school' }).click();
  await expect(ada.frame.getByText('1 member · Owner')).toBeVisible();
});
