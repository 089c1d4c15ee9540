import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { stage, type Stage } from './widget-members';

/**
 * The creator console at <hub>/console, in a real Chromium against a real hub: a creator
 * without the extension makes a group on /create, runs it from the console with the same
 * cookie (a join request approved, the invite and the snippet, moderation, feedback), signs
 * out, and signs in again with a link code from a member who uses the extension (whose token
 * here is the API's).
 */
let s: Stage;
test.beforeEach(async () => {
  s = await stage();
});
test.afterEach(async () => {
  await s.close();
});

/** axe on the console's own page (no Nook frame in it), failing on serious or critical findings. */
async function axe(page: Page, state: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${state}: ${v.id} ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
}

test('a creator runs their group from the console, signs out, and signs in again with a link code', async () => {
  const context = await s.browser.newContext({ permissions: ['local-network-access'], locale: 'en-US' });
  s.contexts.push(context);
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  // The hub's refusals (401 when signed out, 404 for a wrong code) are answers the console shows, not errors of its own.
  p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));

  await p.goto(`${s.hub.url}/create`);
  await p.getByRole('textbox', { name: 'Group name', exact: true }).fill('Watercolour class');
  await p.getByRole('textbox', { name: 'Your name', exact: true }).fill('Luna');
  await p.getByRole('checkbox', { name: 'Visitors without an invite may ask to join' }).check();
  await p.getByRole('button', { name: 'Create group' }).click();
  await expect(p.getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
  const groupId = /#group=([0-9a-f-]{36})$/.exec(p.url())![1]!;

  // Someone on the creator's page asks to join.
  const asked = await s.api.post(`/groups/${groupId}/requests`, { name: 'Vi', message: 'I paint on Sundays' });
  expect(asked.status).toBe(200);

  // The page is the hub's, with no script inline (its CSP would refuse one).
  const html = await (await fetch(`${s.hub.url}/console`)).text();
  expect(html.match(/<script\b[^>]*>/g)?.every((tag) => / src="\/panel\/assets\//.test(tag))).toBe(true);

  await p.goto(`${s.hub.url}/console`);
  await expect(p.getByRole('heading', { name: 'Your groups', level: 1 })).toBeVisible();
  await p.getByRole('button', { name: 'Watercolour class' }).click();
  await expect(p.getByRole('heading', { name: 'Watercolour class', level: 2 })).toBeVisible();
  await expect(p.getByRole('tab', { name: 'Discussion' })).toBeVisible();
  await axe(p, 'console with the group open');

  // Members: Vi's request, approved; Vi is then a member.
  await p.getByRole('tab', { name: 'Members' }).click();
  const requests = p.getByRole('list', { name: 'Join requests (1)' });
  const request = requests.getByRole('listitem').filter({ hasText: 'Vi' });
  await expect(request).toContainText('I paint on Sundays');
  await request.getByRole('button', { name: 'Approve' }).click();
  await expect(p.getByRole('heading', { name: 'Join requests' })).toBeVisible();
  await expect(p.getByRole('listitem').filter({ hasText: 'Vi' }).filter({ hasText: 'Member' })).toBeVisible();

  // The invite link and the widget's snippet.
  await p.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(p.getByRole('textbox', { name: 'Invite link' })).toHaveValue(/\/join\//);
  await expect(p.getByRole('textbox', { name: 'Embed snippet' })).toHaveValue(`<script src="${s.hub.url}/widget.js" data-group="${groupId}" async></script>`);
  await axe(p, 'console, Members');

  // The sections only owners and moderators see, and the feedback they ask for.
  await p.getByRole('tab', { name: 'Moderation' }).click();
  await expect(p.getByRole('spinbutton', { name: 'Slow mode (seconds)' })).toBeVisible();
  await expect(p.getByText('No reports to look at.')).toBeVisible();
  await p.getByRole('tab', { name: 'Feedback' }).click();
  await expect(p.getByRole('button', { name: 'Ask for feedback' })).toBeVisible();
  await axe(p, 'console, Feedback');

  // Signing out signs this browser's device out on the hub and drops the cookie: a reload stays signed out.
  await p.getByRole('button', { name: 'Sign out' }).click();
  await expect(p.getByRole('heading', { name: 'Sign in to the Nook console' })).toBeVisible();
  await expect(p.getByRole('status')).toHaveText('You are signed out on this device.');
  await p.reload();
  await expect(p.getByRole('heading', { name: 'Sign in to the Nook console' })).toBeVisible();
  expect((await context.cookies(s.hub.url)).map((c) => c.name)).not.toContain('nook_session');
  await axe(p, 'console, signed out');

  // A member whose extension holds a token for this hub makes a link code ("Move to another device").
  const olive = await s.api.group({ name: 'Knitting circle', ownerName: 'Olive' });
  const yarn = await s.api.post('/communities', { name: 'Yarn guild', about: 'Knitters of the valley', owner: { name: 'Olive', interests: ['lace'], timeZone: 'Europe/Berlin' } }, olive.token);
  expect(yarn.status).toBe(200);
  const cohort = await s.api.post(`/communities/${yarn.body.community.id}/groups`, { name: 'Lace circle' }, olive.token);
  expect(cohort.status).toBe(200);
  const made = await s.api.post('/me/link-codes', {}, olive.token);
  expect(made.status).toBe(200);
  await p.getByRole('textbox', { name: 'Link code' }).fill('WRONG-CODE1');
  await p.getByRole('button', { name: 'Sign in' }).click();
  await expect(p.getByRole('alert')).toHaveText('That code is wrong or has expired.');
  await p.getByRole('textbox', { name: 'Link code' }).fill(made.body.code as string);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await expect(p.getByRole('heading', { name: 'Your groups', level: 1 })).toBeVisible();
  await expect(p.getByRole('button', { name: 'Knitting circle' })).toBeVisible();
  await expect(p.getByRole('button', { name: 'Watercolour class' })).toHaveCount(0);
  await expect(p.getByRole('button', { name: 'Lace circle' })).toBeVisible();
  // The address still named Luna's group: not Olive's, so it stays shut (no way in offered) until she opens one of hers.
  expect(p.url()).not.toContain(groupId);
  await expect(p.getByRole('textbox', { name: 'Invite link or code' })).toHaveCount(0);
  await expect(p.getByRole('heading', { level: 2, name: 'Watercolour class' })).toHaveCount(0);
  await p.getByRole('button', { name: 'Knitting circle' }).click();
  await expect(p.getByRole('heading', { name: 'Knitting circle', level: 2 })).toBeVisible();
  await p.getByRole('tab', { name: 'Members' }).click();
  await expect(p.getByRole('listitem').filter({ hasText: 'Olive' }).filter({ hasText: 'Owner' })).toBeVisible();

  // Her community, with the community views of the sidebar: its groups, and opening one of hers opens it here.
  await p.getByRole('button', { name: 'Yarn guild' }).click();
  await expect(p.getByRole('heading', { name: 'Yarn guild', level: 2 })).toBeVisible();
  const groups = p.getByRole('list', { name: 'Groups' });
  await expect(groups.getByRole('listitem').filter({ hasText: 'Lace circle' })).toBeVisible();
  await axe(p, 'console, a community');
  // A student asks into Lace circle: the request shows in the community's own list as it comes, naming the group.
  const communityId = yarn.body.community.id as string;
  const door = await s.api.post(`/communities/${communityId}/invites`, {}, olive.token);
  const student = await s.api.post(`/community-invites/${door.body.invite.code}`, { name: 'Sam', timeZone: 'UTC' });
  await expect(p.getByText('No one is waiting to join.')).toBeVisible();
  expect((await s.api.post(`/communities/${communityId}/groups/${cohort.body.group.id}/requests`, { message: 'Beginner' }, student.body.token)).status).toBe(200);
  const waiting = p.getByRole('list', { name: 'Join requests (1)' });
  await expect(waiting.getByRole('listitem')).toContainText('Asks to join Lace circle');
  // She makes a group in it from here: it is in the community's list and among her groups in the console.
  await p.getByRole('button', { name: 'New group' }).click();
  await p.getByRole('textbox', { name: 'Group name', exact: true }).fill('Purl practice');
  await p.getByRole('spinbutton', { name: 'Member limit' }).fill('12');
  await p.getByRole('button', { name: 'Create group' }).click();
  await expect(groups.getByRole('listitem').filter({ hasText: 'Purl practice' })).toContainText('1 of 12 members');
  await expect(p.getByRole('navigation').getByRole('button', { name: 'Purl practice' })).toBeVisible();
  // Its owner does not leave it without handing it over.
  await expect(p.getByRole('button', { name: 'Leave community' })).toBeDisabled();
  await axe(p, 'console, a community with a join request');
  await groups.getByRole('button', { name: /Lace circle/ }).click();
  await expect(p.getByRole('heading', { name: 'Lace circle', level: 2 })).toBeVisible();
  // The code worked once: it is used up.
  const again = await s.api.post('/me/link', { code: made.body.code, session: 'token' });
  expect(again.status).toBe(404);
  expect(errors).toEqual([]);
});

test('a moderator leaves a community from the console and is told so; the groups they are in stay', async () => {
  const context = await s.browser.newContext({ permissions: ['local-network-access'], locale: 'en-US' });
  s.contexts.push(context);
  const p = await context.newPage();
  const olive = await s.api.group({ name: 'Knitting circle', ownerName: 'Olive' });
  const yarn = await s.api.post('/communities', { name: 'Yarn guild', about: '', owner: { name: 'Olive', interests: [], timeZone: 'UTC' } }, olive.token);
  const communityId = yarn.body.community.id as string;
  const door = await s.api.post(`/communities/${communityId}/invites`, {}, olive.token);
  const sam = await s.api.post(`/community-invites/${door.body.invite.code}`, { name: 'Sam', timeZone: 'UTC' });
  expect(sam.status).toBe(200);
  const role = await s.api.put(`/communities/${communityId}/members/${sam.body.me.id}/role`, { role: 'moderator' }, olive.token);
  expect(role.status).toBe(200);
  // Sam runs a group of the guild's, made from the console's community view.
  const made = await s.api.post('/me/link-codes', {}, sam.body.token);
  await p.goto(`${s.hub.url}/console`);
  await p.getByRole('textbox', { name: 'Link code' }).fill(made.body.code as string);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('button', { name: 'Yarn guild' }).click();
  await expect(p.getByRole('heading', { name: 'Yarn guild', level: 2 })).toBeVisible();
  await p.getByRole('button', { name: 'New group' }).click();
  await p.getByRole('textbox', { name: 'Group name', exact: true }).fill('Sock clinic');
  await p.getByRole('button', { name: 'Create group' }).click();
  await expect(p.getByRole('navigation').getByRole('button', { name: 'Sock clinic' })).toBeVisible();

  await p.getByRole('button', { name: 'Leave community' }).click();
  await p.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(p.getByRole('status')).toHaveText('You left Yarn guild. The groups of it you are in stay in your Groups.');
  await expect(p.getByRole('heading', { name: 'Yarn guild', level: 2 })).toHaveCount(0);
  await expect(p.getByRole('navigation').getByRole('button', { name: 'Yarn guild' })).toHaveCount(0);
  await expect(p.getByRole('navigation').getByRole('button', { name: 'Sock clinic' })).toBeVisible();
  await axe(p, 'console, after leaving a community');
  // Opening something else puts the notice away.
  await p.getByRole('navigation').getByRole('button', { name: 'Sock clinic' }).click();
  await expect(p.getByRole('heading', { name: 'Sock clinic', level: 2 })).toBeVisible();
  await expect(p.getByText('You left Yarn guild.', { exact: false })).toHaveCount(0);
});
