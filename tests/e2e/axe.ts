import AxeBuilder from '@axe-core/playwright';
import { expect, type Frame, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Findings {
  passes: unknown[];
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown }[] }[];
}

let axeSource: string | undefined;
/**
 * Nook's sidebar frame sits in a closed shadow root, where axe, running in the page, cannot
 * find it: it is audited in its own document, with the same rules.
 */
async function auditFrame(frame: Frame): Promise<Findings> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await frame.evaluate(axeSource);
  return frame.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<Findings> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags } })
        .then((r) => ({ passes: r.passes, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })) })),
    TAGS,
  );
}

/** axe over the host page and into the Nook frame in it; fails on serious or critical findings. */
export async function audit(page: Page, state: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  // Nook's frames are audited in their own documents too: the extension's sidebar (axe cannot find it in the
  // closed shadow root) and the widget's panel (axe's messages to a cross-origin frame go unanswered on busy cores).
  const ours = (f: Frame) => f.url().startsWith('chrome-extension://') || /^https?:\/\/[^/]+\/panel\//.test(f.url());
  const sidebars = await Promise.all(page.frames().filter(ours).map(auditFrame));
  const inFrame = r.passes.some((p) => p.nodes.some((n) => Array.isArray(n.target[0]) || n.target.length > 1)) || sidebars.some((s) => s.passes.length > 0);
  expect(inFrame, `${state}: axe reached into the Nook frame`).toBe(true);
  const serious = [...r.violations, ...sidebars.flatMap((s) => s.violations)].filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${state}: ${v.id} ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
}
