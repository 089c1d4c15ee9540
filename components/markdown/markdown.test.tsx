// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';
import { parseBlocks, parseInline, safeUrl, work } from './parse';
import { parseBlocks as referenceBlocks, parseInline as referenceInline } from './parse-reference';
import { ADVERSARIAL, ordinaryMarkdown, prng } from './samples';

function html(source: string): HTMLElement {
  const root = document.createElement('div');
  render(<Markdown source={source} />, root);
  return root;
}

describe('Markdown', () => {
  it('renders what people type in chat', () => {
    const el = html('# Title\n\n**bold** *it* ~~old~~ `x<y`\nnext line\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\nconst a = "<b>";\n```');
    expect(el.querySelector('h4')?.textContent).toBe('Title');
    expect(el.querySelector('strong')?.textContent).toBe('bold');
    expect(el.querySelector('em')?.textContent).toBe('it');
    expect(el.querySelector('del')?.textContent).toBe('old');
    expect(el.querySelector('code')?.textContent).toBe('x<y');
    expect(el.querySelector('p br')).not.toBeNull();
    expect([...el.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect([...el.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['first', 'second']);
    expect(el.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(el.querySelector('pre code')?.textContent).toBe('const a = "<b>";');
  });

  it('shows raw HTML as text and never creates elements from it', () => {
    const el = html('<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>');
    expect(el.querySelector('img, script, [onerror]')).toBeNull();
    expect(el.querySelectorAll('a')).toHaveLength(0);
    expect(el.textContent).toContain('<script>alert(2)</script>');
  });

  it('links only to http(s) and mailto, in a new tab without the opener', () => {
    const el = html('[ok](https://example.com/a?b=1) [mail](mailto:a@b.c) [bad](javascript:alert(1)) [bad2](JaVaScRiPt:alert(1)) [bad3](data:text/html,<x>) [bad4](java\tscript:x) see https://nook.example/path.');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'mailto:a@b.c', 'https://nook.example/path']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    // A refused link keeps its text.
    expect(el.textContent).toContain('bad2');
  });

  it('leaves snake_case and lone stars alone', () => {
    expect(parseInline('snake_case_name and 2 * 3 * 4')).toEqual([{ t: 'text', v: 'snake_case_name and 2 * 3 * 4' }]);
  });

  it('refuses unsafe URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' https://a.example ')).toBe('https://a.example/');
    expect(safeUrl('https://a.example/\u0000')).toBeNull();
    expect(safeUrl('//evil.example')).toBeNull();
  });

  it('does not blow up on deep or huge input', () => {
    const deep = '>'.repeat(5000) + ' x';
    expect(() => html(deep)).not.toThrow();
    expect(html('**a** '.repeat(20000)).querySelectorAll('strong')).toHaveLength(20000);
  });
});

/** Characters the parser looked at to parse `source`. */
function visits(source: string): number {
  work.visits = 0;
  parseBlocks(source);
  return work.visits;
}

describe('Markdown parsing work', () => {
  // Every member's sidebar and panel parses every message on render: a message of the largest
  // size (MAX_MESSAGE, 20,000 characters) must cost about twice what half of it costs, whatever it holds.
  it.each(ADVERSARIAL.map((s) => [s.name, s] as const))('grows in proportion to the message: %s', (_name, shape) => {
    const half = visits(shape.make(10_000));
    const full = visits(shape.make(20_000));
    expect(full / half).toBeLessThanOrEqual(2.5);
    // Block quotes and lists nest up to 8 levels, and each level reads its own text once.
    expect(full / 20_000).toBeLessThanOrEqual(16);
  });
});

describe('Markdown parsing, compared with the parser it replaced (parse-reference.ts)', () => {
  it('gives the same tree for ordinary chat text', () => {
    const rand = prng(2024);
    for (let k = 0; k < 2_000; k++) {
      const source = ordinaryMarkdown(rand, 40 + Math.floor(rand() * 800));
      expect(parseBlocks(source), source).toEqual(referenceBlocks(source));
    }
  });

  it('gives the same tree for random Markdown punctuation', () => {
    // Bare addresses and U+2028 are left out: the next tests show where the two differ.
    const tokens = ['*', '**', '***', '_', '__', '~~', '~', '`', '``', '```', '[', ']', '(', ')', '](', '\\', '\\*', '"', ' "', '<', '>', ' ', '  ', '    ', '\t', '\n', '\n\n', 'a', 'b', 'é', '日', '1', '.', ',', '# ', '- ', '1. ', '> ', '---', '~~~', '`a`', '_a_', '**b**', '[a](mailto:a@b.example)', '[b](<mailto:c d>)', '[c](mailto:e "t")', '[d](javascript:x)', '[e]('];
    const rand = prng(7);
    for (let k = 0; k < 20_000; k++) {
      const source = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => tokens[Math.floor(rand() * tokens.length)]).join('');
      expect(parseBlocks(source), JSON.stringify(source)).toEqual(referenceBlocks(source));
    }
  });

  it('keeps a refused bare address as text to its end, with no link starting inside it', () => {
    // The old parser tried again at every `http` inside a refused address: quadratic on `http://^` repeated.
    expect(parseInline('http://^http://a.example')).toEqual([{ t: 'text', v: 'http://^http://a.example' }]);
    expect(referenceInline('http://^http://a.example')).toHaveLength(2);
    expect(parseInline('http://^ http://a.example')[1]).toEqual({ t: 'link', href: 'http://a.example/', c: [{ t: 'text', v: 'http://a.example' }] });
  });

  it('reads a line holding U+2028 as one line, heading or list item alike', () => {
    // The old line patterns failed on it, after retries over the whole line (quadratic).
    expect(parseBlocks('# a\u2028b')).toEqual([{ t: 'h', level: 1, c: [{ t: 'text', v: 'a\u2028b' }] }]);
    expect(parseBlocks('- a\u2028b')).toEqual([{ t: 'list', ordered: false, start: 1, items: [[{ t: 'p', c: [{ t: 'text', v: 'a\u2028b' }] }]] }]);
    expect(referenceBlocks('# a\u2028b')[0]!.t).toBe('p');
  });
});
