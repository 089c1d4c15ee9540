import type { CDPSession, Page } from '@playwright/test';

/**
 * Nook's launcher and sidebar frame, which live in a closed shadow root: the page's scripts
 * cannot reach them, and neither can Playwright's locators (they pierce open roots only).
 * Found here as the browser's own tools find them, through the DevTools protocol: the DOM
 * pierced into every shadow root, the accessibility tree for what is shown, the box model
 * for where. Clicks are real mouse clicks at that place, as a member's are.
 */
export interface NookPart {
  readonly nookPart: string;
  count(): Promise<number>;
  /** Rendered with a non-empty box, and not hidden from assistive technology (as toBeVisible means). */
  isVisible(): Promise<boolean>;
  getAttribute(name: string): Promise<string | null>;
  waitFor(o?: { timeout?: number }): Promise<void>;
  click(): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  screenshot(): Promise<Buffer>;
  /** A computed style of the element, read from the element itself (not through a page selector). */
  style(property: string): Promise<string | null>;
}

interface DomNode {
  nodeName: string;
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();
function cdp(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

const attr = (n: DomNode, name: string): string | null => {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1] ?? '';
  return null;
};

function walk(n: DomNode, found: (n: DomNode) => void): void {
  found(n);
  for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c, found);
}

/** What assistive technology must be told of each kind of part: its role, and the attribute that names it. */
const ROLES = { BUTTON: 'button', IFRAME: 'Iframe' } as const;

export function nookPart(page: Page, tag: 'BUTTON' | 'IFRAME', name: string, value: string): NookPart {
  const nodes = async (): Promise<DomNode[]> => {
    const s = await cdp(page);
    const { root } = (await s.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const out: DomNode[] = [];
    walk(root, (n) => {
      if (n.nodeName === tag && attr(n, name) === value) out.push(n);
    });
    return out;
  };
  const box = async (n: DomNode) => {
    const s = await cdp(page);
    try {
      const { model } = (await s.send('DOM.getBoxModel', { backendNodeId: n.backendNodeId })) as { model: { border: number[] } };
      const xs = [model.border[0]!, model.border[2]!, model.border[4]!, model.border[6]!];
      const ys = [model.border[1]!, model.border[3]!, model.border[5]!, model.border[7]!];
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
    } catch {
      // Not rendered (display: none, or gone).
      return null;
    }
  };
  const shown = async (n: DomNode): Promise<boolean> => {
    const b = await box(n);
    if (!b || b.width <= 0 || b.height <= 0) return false;
    const s = await cdp(page);
    const { nodes: ax } = (await s.send('Accessibility.getPartialAXTree', { backendNodeId: n.backendNodeId, fetchRelatives: false })) as {
      nodes: { ignored: boolean; backendDOMNodeId?: number; role?: { value: string }; name?: { value: string } }[];
    };
    // Shown to assistive technology as what it is, under its name (what getByRole would check).
    return ax.some((a) => a.backendDOMNodeId === n.backendNodeId && !a.ignored && a.role?.value === ROLES[tag] && a.name?.value === value);
  };
  const first = async (): Promise<DomNode> => {
    const [n] = await nodes();
    if (!n) throw new Error(`no <${tag.toLowerCase()} ${name}="${value}"> in the page`);
    return n;
  };
  const part: NookPart = {
    nookPart: `<${tag.toLowerCase()} ${name}="${value}">`,
    count: async () => (await nodes()).length,
    async isVisible() {
      const [n] = await nodes();
      return n ? shown(n) : false;
    },
    getAttribute: async (a) => attr(await first(), a),
    async waitFor(o = {}) {
      const until = Date.now() + (o.timeout ?? 10_000);
      while (!(await part.isVisible())) {
        if (Date.now() > until) throw new Error(`${part.nookPart} did not show`);
        await page.waitForTimeout(50);
      }
    },
    async click() {
      await part.waitFor();
      const n = await first();
      const s = await cdp(page);
      await s.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: n.backendNodeId });
      const b = (await box(n))!;
      await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    },
    async boundingBox() {
      const [n] = await nodes();
      return n ? box(n) : null;
    },
    async screenshot() {
      await part.waitFor();
      const b = (await box(await first()))!;
      return page.screenshot({ clip: b });
    },
    async style(property) {
      const s = await cdp(page);
      const { object } = (await s.send('DOM.resolveNode', { backendNodeId: (await first()).backendNodeId })) as { object: { objectId: string } };
      const r = (await s.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function (p) { return getComputedStyle(this).getPropertyValue(p); }',
        arguments: [{ value: property }],
        returnByValue: true,
      })) as { result: { value?: string } };
      return r.result.value ?? null;
    },
  };
  return part;
}

export const isNookPart = (x: unknown): x is NookPart => typeof x === 'object' && x !== null && 'nookPart' in x;
