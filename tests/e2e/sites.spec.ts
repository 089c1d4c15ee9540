import { expect, launcher, openSidebar, sidebarElement, sidebarFrame, test } from './fixtures';

/** Every supported site: the launcher appears without moving the page, and the sidebar names the community. */
const SITES: { name: string; url: string; community: string; title?: string }[] = [
  { name: 'Reddit thread', url: 'https://www.reddit.com/r/Sourdough/comments/1r2k8vq/why_is_my_sourdough_so_dense_after_a_12_hour_cold/', community: 'r/Sourdough', title: 'Why is my sourdough so dense after a 12 hour cold proof?' },
  { name: 'Reddit subreddit', url: 'https://www.reddit.com/r/Breadit/', community: 'r/Breadit' },
  { name: 'old Reddit thread', url: 'https://old.reddit.com/r/learnguitar/comments/1r2q7hh/barre_chords_still_buzz_after_three_months_is_it/', community: 'r/learnguitar', title: 'Barre chords still buzz after three months, is it my guitar?' },
  { name: 'old Reddit subreddit', url: 'https://old.reddit.com/r/learnguitar/', community: 'r/learnguitar' },
  { name: 'Patreon post', url: 'https://www.patreon.com/posts/laminating-by-hand-part-2-121774309', community: 'Tomás Bakes', title: 'Laminating croissant dough by hand, part 2' },
  { name: 'Patreon creator', url: 'https://www.patreon.com/c/tomasbakes', community: 'Tomás Bakes' },
  { name: 'Kajabi', url: 'https://lunastudio.mykajabi.com/products/watercolor-foundations/categories/2157420188/posts/2171936645', community: 'Watercolor Foundations', title: 'Graded washes without streaks' },
  { name: 'Teachable', url: 'https://datadojo.teachable.com/courses/enrolled/2318841/lectures/53117420', community: 'Python for Data Analysis', title: 'Grouping and aggregating with pandas' },
  { name: 'Thinkific', url: 'https://stridecoach.thinkific.com/courses/take/marathon-base-building/lessons/31877125-easy-runs-and-heart-rate', community: 'Marathon Base Building', title: 'Easy runs and heart rate' },
  { name: 'Udemy', url: 'https://www.udemy.com/course/spanish-for-travelers/learn/lecture/41822310', community: 'Spanish for Travelers: Speak From Day One', title: 'Ordering food and drinks' },
  { name: 'Podia', url: 'https://lenslight.podia.com/view/courses/portrait-photography-101/2214097-natural-light/7134420-window-light-for-portraits', community: 'Portrait Photography 101', title: 'Window light for portraits' },
  { name: 'Skool', url: 'https://www.skool.com/indie-game-devs/classroom/8f1c2e7a?md=b71a90d4c2e84f7a9e1d0c3b5a6f7e81', community: 'Indie Game Devs', title: 'Scope it down: a game in 30 days' },
];

for (const site of SITES) {
  test(`${site.name}: launcher, heading, open and close`, async ({ context }) => {
    const page = await context.newPage();
    await page.goto(site.url);
    const button = launcher(page);
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    // No layout shift: the page's own content stays where it was.
    const firstBox = await page.evaluate(() => {
      const el = document.body.firstElementChild as HTMLElement | null;
      const r = el?.getBoundingClientRect();
      return r ? { x: r.x, y: r.y, w: r.width } : null;
    });

    const frame = await openSidebar(page);
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(sidebarElement(page)).toBeVisible();
    await expect(frame.getByRole('heading', { level: 1, name: site.community })).toBeVisible();
    if (site.title) await expect(frame.getByText(site.title, { exact: true })).toBeVisible();

    const after = await page.evaluate(() => {
      const el = document.body.firstElementChild as HTMLElement | null;
      const r = el?.getBoundingClientRect();
      return r ? { x: r.x, y: r.y, w: r.width } : null;
    });
    expect(after).toEqual(firstBox);

    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(sidebarElement(page)).toBeHidden();
  });
}

test('Reddit: the sidebar follows single-page navigation without reloading', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(SITES[0]!.url);
  const frame = await openSidebar(page);
  await expect(frame.getByText(SITES[0]!.title!, { exact: true })).toBeVisible();
  await frame.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));

  await page.locator('#next-thread-link').click();
  await expect(page).toHaveURL(/1r2mb0d/);
  await expect(frame.getByText('Starter doubles in 4 hours but bread still flat', { exact: true })).toBeVisible();
  await expect(frame.getByRole('heading', { level: 1, name: 'r/Sourdough' })).toBeVisible();
  // Same document: the sidebar was not reloaded.
  expect(await frame.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);

  await page.goBack();
  await expect(frame.getByText(SITES[0]!.title!, { exact: true })).toBeVisible();
});

test('Reddit: a thread reached while Nook was closed is the one the sidebar opens on', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(SITES[0]!.url);
  await expect(launcher(page)).toBeVisible();
  await page.locator('#next-thread-link').click();
  await expect(page).toHaveURL(/1r2mb0d/);
  const frame = await openSidebar(page);
  await expect(frame.getByText('Starter doubles in 4 hours but bread still flat', { exact: true })).toBeVisible();
  await expect(frame.getByText(SITES[0]!.title!, { exact: true })).toHaveCount(0);
});

test('Skool: the sidebar follows the module the member clicks', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(SITES[11]!.url);
  const frame = await openSidebar(page);
  await expect(frame.getByText('Scope it down: a game in 30 days', { exact: true })).toBeVisible();
  await page.getByText('Playtesting with five people').first().click();
  await expect(page).toHaveURL(/md=c4e2a1f09b8d47e6a5c3b2d1e0f9a8b7/);
  await expect(frame.getByText('Playtesting with five people', { exact: true })).toBeVisible();
});

test('open or closed is remembered per site, and the launcher can be hidden for a site', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(SITES[1]!.url);
  await openSidebar(page);
  // Another Reddit page opens with the sidebar already open; Patreon stays closed.
  await page.goto(SITES[3]!.url);
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  const frame = await sidebarFrame(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'r/learnguitar' })).toBeVisible();
  await page.goto(SITES[4]!.url);
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');

  // Hide the launcher on Patreon from the sidebar's menu: it stays hidden after a reload.
  const patreon = await openSidebar(page);
  await patreon.getByRole('button', { name: 'Hide the launcher on this site' }).click();
  await launcher(page).click().catch(() => undefined);
  await page.reload();
  await page.waitForTimeout(500);
  await expect(launcher(page)).toBeHidden();
  await page.goto(SITES[0]!.url);
  await expect(launcher(page)).toBeVisible();
});
