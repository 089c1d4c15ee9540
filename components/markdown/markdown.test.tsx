// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';
import { parseInline, safeUrl } from './parse';

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
