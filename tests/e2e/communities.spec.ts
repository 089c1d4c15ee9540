import type { BrowserContext, Frame } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startHub, type RunningHub } from '../../hub/server';
import { audit } from './axe';
import { expect, launch, openSidebar, test } from './fixtures';

/**
 * Communities and cohorts (issue #17 parts 5 and 6), two members on two Chromium profiles and
 * a real hub: Ada makes a community and its invite link; Bo joins by the link with his
 * interests and time zone; Ada imports a roster (a bad file first: its lines at fault are
 * named and nothing comes in), previews cohorts of 2, moves one person by hand and applies;
 * Bo then finds his cohort's group in the community and opens it as one of his groups.
 */
const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

let hub: RunningHub | null = null;
const dirs: string[] = [];
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  await hub?.close();
  hub = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const d = mkdtempSync(joinPath(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

async function member() {
  const context = await launch(tempDir('nook-profile-'));
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(THREAD);
  return { page, frame: await openSidebar(page) };
}

async function communitiesTab(frame: Frame) {
  await frame.getByRole('tab', { name: 'Communities' }).click();
}

test('an owner makes a community, a member joins by its link, the owner splits it into cohorts and the member finds his group', async () => {
  test.setTimeout(120_000);
  hub = await startHub({ port: 0, dataDir: tempDir('nook-e2e-hub-'), log: () => undefined });
  const ada = await member();
  const bo = await member();

  // Ada is signed in on the hub by making a group there first (a community is made by someone signed in).
  await ada.frame.getByRole('button', { name: 'New group' }).click();
  await ada.frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Scratch');
  await ada.frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub.url);
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await ada.frame.getByRole('button', { name: 'Create group' }).click();
  await expect(ada.frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await ada.frame.getByRole('button', { name: '← All groups' }).click();

  await communitiesTab(ada.frame);
  await ada.frame.getByRole('button', { name: 'New community' }).click();
  await ada.frame.getByRole('textbox', { name: 'Community name', exact: true }).fill('Sourdough school');
  await ada.frame.getByRole('textbox', { name: 'About', exact: true }).fill('Spring course, 2030');
  await ada.frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(hub.url);
  await ada.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
  await audit(ada.page, 'the new community form');
  await ada.frame.getByRole('button', { name: 'Create community' }).click();
  await expect(ada.frame.getByRole('heading', { name: 'Sourdough school' })).toBeVisible();
  await expect(ada.frame.getByText('This community has no groups yet.')).toBeVisible();
  await ada.frame.getByRole('button', { name: 'Make invite link' }).click();
  const link = await ada.frame.getByRole('textbox', { name: 'Community invite link' }).inputValue();
  expect(link).toMatch(new RegExp(`^${hub.url}/community-invites/[A-Za-z0-9_-]+$`));

  // Bo joins by the link, saying what he is into and where he is (not where his browser is).
  await communitiesTab(bo.frame);
  await expect(bo.frame.getByText('You are not in any community yet.')).toBeVisible();
  await bo.frame.getByRole('button', { name: 'Join a community' }).click();
  await bo.frame.getByRole('textbox', { name: 'Community invite link' }).fill(link);
  await bo.frame.getByRole('button', { name: 'Continue' }).click();
  await expect(bo.frame.getByRole('heading', { name: 'Sourdough school' })).toBeVisible();
  await bo.frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Bo');
  await bo.frame.getByRole('textbox', { name: 'Interests', exact: true }).fill('rye, starters');
  await bo.frame.getByRole('combobox', { name: 'Time zone' }).selectOption('Asia/Tokyo');
  await audit(bo.page, 'joining a community');
  await bo.frame.getByRole('button', { name: 'Join community' }).click();
  await expect(bo.frame.getByRole('heading', { name: 'Sourdough school' })).toBeVisible();
  await expect(bo.frame.getByText('2 members · Member')).toBeVisible();
  await expect(bo.frame.getByRole('button', { name: 'Split into cohorts' })).toHaveCount(0);

  // Ada sees Bo among the members, as he said.
  await ada.frame.getByRole('button', { name: '← All communities' }).click();
  await ada.frame.getByRole('button', { name: 'Sourdough school' }).click();
  await expect(ada.frame.getByText('2 members · Owner')).toBeVisible();
  const members = ada.frame.getByRole('list', { name: 'Community members' });
  await expect(members.getByRole('listitem').filter({ hasText: 'Bo' })).toContainText('rye, starters · Asia/Tokyo');

  // A roster with two bad lines: both named, nothing imported.
  const bad = joinPath(tempDir('nook-roster-'), 'bad.csv');
  writeFileSync(bad, 'name,interests,time zone\nCy,rye,Asia/Seoul\nDi,,Mars/Olympus\n,baking,Europe/Paris\n');
  await ada.frame.getByLabel('Roster file (CSV)').setInputFiles(bad);
  await ada.frame.getByRole('button', { name: 'Import roster' }).click();
  await expect(ada.frame.getByRole('alert')).toHaveText('This roster file has a problem on line 3. Nothing was imported.');
  const faults = ada.frame.getByRole('list', { name: 'Lines at fault' }).getByRole('listitem');
  await expect(faults).toHaveCount(2);
  await expect(faults.first()).toContainText('Line 3: “Mars/Olympus” is not a time zone');
  await expect(faults.last()).toContainText('Line 4: the name is missing');

  const good = joinPath(tempDir('nook-roster-'), 'roster.csv');
  writeFileSync(good, '\ufeffname,interests,time zone\nCy,rye;starters,Asia/Seoul\nDi,baking;croissants,Europe/Paris\nEd,croissants,Europe/Berlin\n');
  await ada.frame.getByLabel('Roster file (CSV)').setInputFiles(good);
  await ada.frame.getByRole('button', { name: 'Import roster' }).click();
  await expect(ada.frame.getByText('3 people imported.')).toBeVisible();

  // Cohorts of 2: Bo with Cy (rye, starters, Tokyo and Seoul), Di with Ed (croissants, Paris and Berlin).
  await ada.frame.getByRole('button', { name: 'Split into cohorts' }).click();
  await expect(ada.frame.getByRole('spinbutton', { name: 'Cohort size' })).toHaveValue('25');
  await ada.frame.getByRole('spinbutton', { name: 'Cohort size' }).fill('2');
  await ada.frame.getByRole('button', { name: 'Preview' }).click();
  const table = ada.frame.getByRole('table', { name: 'Proposed cohorts' });
  const rows = table.locator('tbody tr');
  // A person's row is the one with their own select.
  const rowOf = (name: string) => rows.filter({ has: ada.frame.getByRole('combobox', { name: `Move ${name} to` }) });
  await expect(rows).toHaveCount(2);
  const boRow = rowOf('Bo');
  await expect(boRow).toContainText('Cy');
  await expect(boRow).toContainText('rye, starters');
  const edRow = rowOf('Ed');
  await expect(edRow).toContainText('Di');
  await expect(edRow).toContainText('croissants');
  await expect(boRow.getByRole('cell').nth(3)).toHaveText('100%');
  await audit(ada.page, 'a cohort proposal');

  // Ed moves to Bo's cohort: his old one keeps Di alone (nothing shared), Bo's now spans Berlin to Tokyo; the scores follow.
  const boCohort = (await boRow.getByRole('rowheader').textContent())!;
  await ada.frame.getByRole('combobox', { name: 'Move Ed to' }).selectOption({ label: boCohort });
  await expect(rowOf('Bo')).toContainText('Ed');
  const diRow = rowOf('Di');
  await expect(diRow).not.toContainText('Ed');
  await expect(diRow.getByRole('cell').nth(1)).toHaveText('None shared');
  // Seven or eight hours, as Berlin keeps summer time or not on the day the test runs.
  await expect(rowOf('Bo').getByRole('cell').nth(2)).toHaveText(/^[78] h$/);
  await expect(rowOf('Bo').getByRole('cell').nth(3)).not.toHaveText('100%');
  await expect(ada.frame.getByRole('status').filter({ hasText: 'Overall score' })).toBeVisible();

  await ada.frame.getByRole('button', { name: 'Apply' }).click();
  await expect(ada.frame.getByText('2 groups made.')).toBeVisible();
  const links = ada.frame.getByRole('list', { name: 'Personal invite links' });
  await expect(links.getByRole('listitem')).toHaveCount(3);
  await expect(links.getByRole('textbox', { name: /^Ed \(cohort \d\)$/ })).toHaveValue(new RegExp(`^${hub.url}/community-invites/`));
  const download = ada.page.waitForEvent('download');
  await ada.frame.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const csvPath = joinPath(tempDir('nook-csv-'), file.suggestedFilename());
  await file.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  expect(csv.startsWith('\ufeffname,group,link\r\n')).toBe(true);
  expect(csv.split('\r\n').filter((l) => l.startsWith('Ed,'))).toHaveLength(1);
  await audit(ada.page, 'applied cohorts with their personal links');
  // The groups are Ada's on her device at once.
  await ada.frame.getByRole('tab', { name: 'Groups' }).click();
  await expect(ada.frame.getByRole('button', { name: /Sourdough school · Cohort/ })).toHaveCount(2);

  // Bo finds his group among the community's, and opens it: it is one of his groups now, synced as any.
  await bo.frame.getByRole('button', { name: '← All communities' }).click();
  await bo.frame.getByRole('button', { name: 'Sourdough school' }).click();
  const groups = bo.frame.getByRole('list', { name: 'Groups' });
  const mine = groups.getByRole('listitem').filter({ has: bo.frame.getByRole('button', { name: /^Open / }) });
  await expect(mine).toHaveCount(1);
  // Ada, who runs it, and Bo; Cy has a personal link still to follow.
  await expect(mine).toContainText('2 of');
  await audit(bo.page, "a community's groups for a member");
  await mine.getByRole('button', { name: /^Open / }).click();
  await expect(bo.frame.getByRole('heading', { name: boCohort.replace('Cohort', 'Sourdough school · Cohort') })).toBeVisible();
  await expect(bo.frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await bo.frame.getByRole('tab', { name: 'Members' }).click();
  await expect(bo.frame.getByRole('listitem').filter({ hasText: 'Ada' })).toContainText('Owner');
});
