import type { ComponentChildren, JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { parseBlocks, type Block, type Inline } from './parse';

function inline(nodes: Inline[]): ComponentChildren {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'code':
        return <code key={i}>{n.v}</code>;
      case 'br':
        return <br key={i} />;
      case 'em':
        return <em key={i}>{inline(n.c)}</em>;
      case 'strong':
        return <strong key={i}>{inline(n.c)}</strong>;
      case 'del':
        return <del key={i}>{inline(n.c)}</del>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {inline(n.c)}
          </a>
        );
    }
  });
}

function block(b: Block, i: number): JSX.Element {
  switch (b.t) {
    case 'p':
      return <p key={i}>{inline(b.c)}</p>;
    case 'h': {
      // Headings inside user text stay below the view's own heading levels.
      const Tag = `h${Math.min(6, b.level + 3)}` as 'h4';
      return <Tag key={i}>{inline(b.c)}</Tag>;
    }
    case 'pre':
      return (
        <pre key={i}>
          <code>{b.v}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={i}>{b.c.map(block)}</blockquote>;
    case 'list': {
      const items = b.items.map((it, j) => <li key={j}>{it.length === 1 && it[0]!.t === 'p' ? inline(it[0]!.c) : it.map(block)}</li>);
      return b.ordered ? (
        <ol key={i} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={i}>{items}</ul>
      );
    }
    case 'hr':
      return <hr key={i} />;
  }
}

/** Markdown written by a member, as elements (see parse.ts: no HTML string is ever built). */
export function Markdown({ source, class: className }: { source: string; class?: string }) {
  const blocks = useMemo(() => parseBlocks(source), [source]);
  // dir=auto: a note in English stays left-to-right inside an Arabic interface, and back.
  return (
    <div class={`md ${className ?? ''}`} dir="auto">
      {blocks.map(block)}
    </div>
  );
}
