/**
 * Markdown for notes and messages, parsed into a small tree that Markdown.tsx turns into
 * Preact elements. User text is never turned into an HTML string, so there is nothing for a
 * sanitizer to miss: raw HTML shows as text, and links and images keep only http(s) and
 * mailto addresses. The subset is what people type in chat: paragraphs and line breaks,
 * headings, emphasis, strong, strike, inline code and fenced code, links and bare URLs,
 * lists, block quotes and rules (no tables or inline images, which a chat panel does not need).
 *
 * Every member's sidebar and panel parses every message, so a hostile message must not cost
 * more than an ordinary one of its size (security issue #14): the work is in proportion to the
 * text. A search ahead (for a closing delimiter, backticks, a link's parts, an address's end)
 * either consumes what it passed over or is remembered, so it is not made again from the same
 * place; and emphasis of one kind never nests inside itself, so there are at most six levels.
 * parse-reference.ts is the parser before that change; the tests check both agree.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'br' }
  | { t: 'em' | 'strong' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'pre'; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'hr' };

/**
 * Characters the parser has looked at since a test last set it to 0: tests check that the work
 * grows in proportion to the input (a count, not a timing, so it cannot flake).
 */
export const work = { visits: 0 };

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

// `s`: a U+2028 in a line is text like any other; without it `(.*)$` fails there and the
// engine retries the quantifier before it at every length (quadratic in the line).
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])[ \t]+(.*)$/s;
const FENCE = /^ {0,3}(```+|~~~+)(.*)$/s;
// Not `(.*?)[ \t#]*$`: the lazy part retries the class at every length, quadratic on `# # # …`.
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*[^ \t#])?[ \t#]*$/s;
const RULE = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/s;

export function parseBlocks(source: string, depth = 0): Block[] {
  work.visits += source.length;
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
      out.push({ t: 'h', level: heading[1]!.length as 1, c: parseInline(heading[2] ?? '') });
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

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!~>]/;
const SPACE = /\s/;
const WORD = /[\p{L}\p{N}]/u;
const ENDS_IN_WORD = /[\p{L}\p{N}]$/u;
/** What a bare address does not end with: a sentence's punctuation after it. */
const TRAILING = /[.,:;"')\]!?]/;
const NOT_SPACE = /[^\s<]*/y;
const TICKS = /`*/y;

export function parseInline(src: string): Inline[] {
  const n = src.length;
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  // For each delimiter, where a search for its closer that passed a position ended: a failed
  // search is not made again.
  const closes: Record<string, Map<number, number>> = {};
  const findClose = (delim: string, from: number): number => {
    const d = delim.length;
    const memo = (closes[delim] ??= new Map());
    let j = src.indexOf(delim, from);
    // A closer at `from` itself would close nothing; the search goes on past it, as it always did.
    if (j === from) j = src.indexOf(delim, from + d);
    work.visits += (j < 0 ? n : j) - from;
    const passed: number[] = [];
    let found = -1;
    while (j >= 0) {
      const known = memo.get(j);
      if (known !== undefined) {
        found = known;
        break;
      }
      passed.push(j);
      if (closesAt(src, delim, j)) {
        found = j;
        break;
      }
      const next = src.indexOf(delim, j + d);
      work.visits += (next < 0 ? n : next) - j;
      j = next;
    }
    for (const p of passed) memo.set(p, found);
    return found;
  };
  let longest: Int32Array | undefined;
  // End of the backtick run the scanner is in: a run that opens no code span is text, one tick at a time.
  let ticksEnd = 0;
  // A bare address refused by safeUrl is text, and no other address starts inside it.
  let noAddressBefore = 0;
  let i = 0;
  while (i < n) {
    work.visits++;
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < n && ESCAPABLE.test(src[i + 1]!)) {
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
      if (i >= ticksEnd) ticksEnd = scan(TICKS, src, i);
      const k = ticksEnd - i;
      // The span closes at the first k backticks after the run, if there are k in a row anywhere after it.
      if ((longest ??= longestTicks(src))[ticksEnd]! >= k) {
        const end = src.indexOf('`'.repeat(k), ticksEnd);
        work.visits += end - ticksEnd;
        const v = src.slice(ticksEnd, end);
        flush();
        out.push({ t: 'code', v: v.trim() || v });
        i = end + k;
        continue;
      }
    }
    if (ch === '[') {
      const m = matchLink(src, i);
      if (m) {
        const href = safeUrl(m.url);
        flush();
        if (href) out.push({ t: 'link', href, c: parseInline(m.label) });
        else out.push(...parseInline(m.label));
        i = m.end;
        continue;
      }
    }
    // `text` ends with the character just before `i` (and the one before it, when those two
    // are a surrogate pair): read from `src`, since reading the end of `text` would copy the
    // whole growing string each time.
    if ((ch === 'h' || ch === 'H') && i >= noAddressBefore && /^https?:\/\//i.test(src.slice(i, i + 8)) && !ENDS_IN_WORD.test(src.slice(i - Math.min(text.length, 2), i))) {
      const from = i + (src[i + 4] === ':' ? 7 : 8);
      const stop = scan(NOT_SPACE, src, from);
      let end = stop;
      while (end > from && TRAILING.test(src[end - 1]!)) end--;
      work.visits += stop - end;
      const url = src.slice(i, end);
      const href = end > from ? safeUrl(url) : null;
      if (href) {
        flush();
        out.push({ t: 'link', href, c: [{ t: 'text', v: url }] });
        i = end;
        continue;
      }
      noAddressBefore = stop;
    }
    const d = ch === '*' || ch === '_' || ch === '~' ? (src[i + 1] === ch ? 2 : ch === '~' ? 0 : 1) : 0;
    if (d && !SPACE.test(src[i + d] ?? ' ')) {
      // `_` inside a word (snake_case) is not emphasis.
      const intraword = ch === '_' && WORD.test(src[i - 1] ?? '');
      const delim = ch.repeat(d);
      const end = intraword ? -1 : findClose(delim, i + d);
      if (end > 0) {
        flush();
        out.push({ t: delim === '~~' ? 'del' : d === 2 ? 'strong' : 'em', c: parseInline(src.slice(i + d, end)) });
        i = end + d;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Whether `delim` at `j` can close emphasis: after a non-blank, `_` not before a letter, `*` not half of `**`. */
function closesAt(src: string, delim: string, j: number): boolean {
  const before = src[j - 1]!;
  const after = src[j + delim.length] ?? ' ';
  const single = delim.length === 1 && (src[j + 1] === delim || before === delim);
  return !SPACE.test(before) && (delim[0] !== '_' || !WORD.test(after)) && !single;
}

/** For each position, the longest run of backticks at or after it: whether a span opened before can close. */
function longestTicks(src: string): Int32Array {
  const longest = new Int32Array(src.length + 1);
  for (let p = src.length - 1, run = 0; p >= 0; p--) {
    run = src[p] === '`' ? run + 1 : 0;
    longest[p] = Math.max(longest[p + 1]!, run);
  }
  work.visits += src.length;
  return longest;
}

/** Where the sticky pattern `re`, which never fails, stops when it starts at `p` (it reads one past what it takes). */
function scan(re: RegExp, src: string, p: number): number {
  re.lastIndex = p;
  const end = p + re.exec(src)![0].length;
  work.visits += end - p + 1;
  return end;
}

// The parts of /^\[((?:[^[\]\\]|\\.){1,500})\]\(([^()\s]{1,2048}|<[^<>]{1,2048}>)(?:\s+"[^"]*")?\)/, the
// link pattern: each part can match in one way only, so matching them in turn gives the same
// link without the retries (the whole pattern retried every length of a part that could not be followed).
const LABEL = /(?:[^[\]\\]|\\.){0,500}/y;
const ADDRESS = /[^()\s]{0,2048}/y;
const BRACKETED = /[^<>]{0,2048}/y;
const BLANKS = /\s*/y;
const TITLE = /[^"]*/y;

/** `[label](address "title")` at `i`. */
function matchLink(src: string, i: number): { label: string; url: string; end: number } | null {
  const p = scan(LABEL, src, i + 1);
  if (p === i + 1 || src[p] !== ']' || src[p + 1] !== '(') return null;
  const q = p + 2;
  let r = scan(ADDRESS, src, q);
  let end = r > q ? afterAddress(src, r) : -1;
  if (end < 0 && src[q] === '<') {
    r = scan(BRACKETED, src, q + 1);
    if (r > q + 1 && src[r] === '>') end = afterAddress(src, ++r);
  }
  return end < 0 ? null : { label: src.slice(i + 1, p), url: src.slice(q, r), end };
}

/** Past an optional ` "title"` and the `)` that closes a link at `r`, or -1. */
function afterAddress(src: string, r: number): number {
  const t = scan(BLANKS, src, r);
  if (t > r && src[t] === '"') {
    const u = scan(TITLE, src, t + 1);
    if (src[u] === '"' && src[u + 1] === ')') return u + 2;
  }
  return src[r] === ')' ? r + 1 : -1;
}
