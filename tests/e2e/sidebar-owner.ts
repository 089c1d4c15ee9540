import type { BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { expect, launch, openSidebar, test } from './fixtures';
import { stage, type Stage } from './widget-members';

const THREAD = 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/';

/**
 * A test file's stage (a hub and a creator's page, widget-members.ts) and Ada, the group's
 * owner in the extension's sidebar, each made afresh for every test and closed after it.
 */
export function useSidebarOwner() {
  let s: Stage;
  let context: BrowserContext | null = null;
  let profile: string;
  test.beforeEach(async () => {
    s = await stage();
    profile = mkdtempSync(joinPath(tmpdir(), 'nook-profile-'));
  });
  test.afterEach(async () => {
    await context?.close().catch(() => undefined);
    context = null;
    rmSync(profile, { recursive: true, force: true });
    await s.close();
  });
  return {
    stage: () => s,
    /** Ada makes the group in the sidebar; answers her frame, an invite link and the group's id (from the embed snippet). */
    async owner() {
      context = await launch(profile);
      const page = await context.newPage();
      await page.goto(THREAD);
      const frame = await openSidebar(page);
      await frame.getByRole('button', { name: 'New group' }).click();
      await frame.getByRole('textbox', { name: 'Group name', exact: true }).fill('Bakers');
      await frame.getByRole('textbox', { name: 'Hub', exact: true }).fill(s.hub.url);
      await frame.getByRole('textbox', { name: 'Your name', exact: true }).fill('Ada');
      await frame.getByRole('button', { name: 'Create group' }).click();
      await expect(frame.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      await frame.getByRole('tab', { name: 'Members' }).click();
      await frame.getByRole('button', { name: 'Invite', exact: true }).click();
      const link = frame.getByRole('textbox', { name: 'Invite link' });
      await expect(link).toHaveValue(/\/join\//);
      const snippet = await frame.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
      return { page, frame, invite: await link.inputValue(), groupId: /data-group="([^"]+)"/.exec(snippet)![1]! };
    },
  };
}
