/**
 * Runs in Chromium for bench/markdown.ts (bundled there with esbuild): renders a message body
 * as the sidebar and the panel do, and times each render.
 */
import { render } from 'preact';
import { Markdown } from '../components/markdown/Markdown';

export interface Timing {
  /** Parsing and rendering into the DOM (Preact renders synchronously). */
  render: number;
  /** Then the style and layout pass the browser needs before it can paint it. */
  layout: number;
}

function once(source: string): Timing {
  const host = document.createElement('article');
  document.querySelector('main')!.append(host);
  const t0 = performance.now();
  render(<Markdown source={source} class="msg-body" />, host);
  const t1 = performance.now();
  void host.getBoundingClientRect().height;
  const t2 = performance.now();
  render(null, host);
  host.remove();
  return { render: t1 - t0, layout: t2 - t1 };
}

(globalThis as unknown as { nookMarkdown: (source: string, warm: number, runs: number) => Timing[] }).nookMarkdown = (source, warm, runs) => {
  for (let i = 0; i < warm; i++) once(source);
  return Array.from({ length: runs }, () => once(source));
};
