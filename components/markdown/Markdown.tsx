import { useMemo } from 'preact/hooks';
import { renderMarkdown } from './render';

/** Markdown written by a member, rendered safely (see render.ts). */
export function Markdown({ source, class: className }: { source: string; class?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div class={`md ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
