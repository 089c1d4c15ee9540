import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** axe over the host page and into the Nook frame in it; fails on serious or critical findings. */
export async function audit(page: Page, state: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const inFrame = r.passes.some((p) => p.nodes.some((n) => Array.isArray(n.target[0]) || n.target.length > 1));
  expect(inFrame, `${state}: axe reached into the Nook frame`).toBe(true);
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${state}: ${v.id} ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
}
