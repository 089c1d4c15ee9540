/**
 * The Markdown parser as it was before it was made linear (security issue #14, finding 8),
 * kept for markdown.test.tsx only: the property tests check that parse.ts gives the same
 * tree on ordinary text. Never import it from a view: it takes seconds on hostile input.
 */
import type { Block, Inline } from './parse';

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** The address a link may point to, or null when it is not http(s) or mailto. */
export function safeUrl(raw: string): string | null {
  const url = raw.trim().replace(/^<|>$/g, '');
  // Control characters and whitespace inside a scheme are how `java\tscript:` tricks work.
  if (/[\p{Cc}\s]/u.test(url) || !SAFE_URL.test(url)) return null;
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const FENCE = /^ {0,3}(```+|~~~+)(.*)$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const RULE = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;

export function parseBlocks(source: string, depth = 0): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(close)) body.push(lines[i++]!);
      i++;
      out.push({ t: 'pre', v: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ t: 'h', level: heading[1]!.length as 1, c: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ t: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < 8) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      out.push({ t: 'quote', c: parseBlocks(body.join('\n'), depth + 1) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && depth < 8) {
      const ordered = /\d/.test(item[2]!);
      const items: string[][] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]!);
        if (m && /\d/.test(m[2]!) === ordered) {
          items.push([m[3]!]);
          i++;
        } else if (items.length && lines[i]!.trim() !== '' && /^\s{2,}/.test(lines[i]!)) {
          items[items.length - 1]!.push(lines[i++]!.replace(/^\s{2,4}/, ''));
        } else break;
      }
      out.push({
        t: 'list',
        ordered,
        start: ordered ? Number.parseInt(item[2]!, 10) : 1,
        items: items.map((body) => parseBlocks(body.join('\n'), depth + 1)),
      });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== '' &&
      !(para.length && (FENCE.test(lines[i]!) || HEADING.test(lines[i]!) || QUOTE.test(lines[i]!) || LIST_ITEM.test(lines[i]!)))
    ) {
      para.push(lines[i++]!);
    }
    out.push({ t: 'p', c: parseInline(para.join('\n')) });
  }
  return out;
}

const BARE_URL = /^(https?:\/\/[^\s<]*[^\s<.,:;"')\]!?])/i;

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    const rest = src.slice(i);
    if (ch === '\\' && i + 1 < src.length && /[\\`*_{}[\]()#+\-.!~>]/.test(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      const ticks = /^`+/.exec(rest)![0];
      const end = src.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        flush();
        out.push({ t: 'code', v: src.slice(i + ticks.length, end).trim() || src.slice(i + ticks.length, end) });
        i = end + ticks.length;
        continue;
      }
    }
    if (ch === '[') {
      const m = /^\[((?:[^[\]\\]|\\.){1,500})\]\(([^()\s]{1,2048}|<[^<>]{1,2048}>)(?:\s+"[^"]*")?\)/.exec(rest);
      if (m) {
        const href = safeUrl(m[2]!);
        flush();
        if (href) out.push({ t: 'link', href, c: parseInline(m[1]!) });
        else out.push(...parseInline(m[1]!));
        i += m[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && /^https?:\/\//i.test(rest) && !/[\p{L}\p{N}]$/u.test(text)) {
      const m = BARE_URL.exec(rest);
      const href = m ? safeUrl(m[1]!) : null;
      if (m && href) {
        flush();
        out.push({ t: 'link', href, c: [{ t: 'text', v: m[1]! }] });
        i += m[1]!.length;
        continue;
      }
    }
    const delim = /^(\*\*|__|~~|\*|_)/.exec(rest)?.[0];
    if (delim && !/\s/.test(src[i + delim.length] ?? ' ')) {
      // `_` inside a word (snake_case) is not emphasis.
      const intraword = delim[0] === '_' && /[\p{L}\p{N}]/u.test(src[i - 1] ?? '');
      const end = intraword ? -1 : findClose(src, delim, i + delim.length);
      if (end > 0) {
        flush();
        const t = delim === '~~' ? 'del' : delim.length === 2 ? 'strong' : 'em';
        out.push({ t, c: parseInline(src.slice(i + delim.length, end)) });
        i = end + delim.length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

function findClose(src: string, delim: string, from: number): number {
  let j = src.indexOf(delim, from);
  while (j > 0) {
    const before = src[j - 1]!;
    const after = src[j + delim.length] ?? ' ';
    const okAfter = delim[0] !== '_' || !/[\p{L}\p{N}]/u.test(after);
    // A single `*` must not be half of a `**`.
    const single = delim.length === 1 && (src[j + 1] === delim || before === delim);
    if (!/\s/.test(before) && okAfter && !single && j > from) return j;
    j = src.indexOf(delim, j + delim.length);
  }
  return -1;
}
