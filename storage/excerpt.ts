import { fold, type QueryTerm } from './tokenize';

/** Characters of context kept before the first match, and the excerpt's whole length. */
const BEFORE = 40;
const LENGTH = 160;
/** Only this much of a long body is searched for the match (then the excerpt shows the start). */
const SCAN_LIMIT = 200_000;
const CHUNK = 4096;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex finding any term where it may match: at a word start, or anywhere for unspaced scripts. */
function termPattern(terms: QueryTerm[]): RegExp {
  const alternatives = terms.map((t) => (t.wordStart ? `(?<![\\p{L}\\p{N}\\p{M}])` : '') + escape(t.text));
  return new RegExp(alternatives.join('|'), 'gu');
}

const foldChar = (ch: string): string => {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
  return fold(ch);
};

/** Index in `text` where the first term matches (folded the same way as the index), or -1. */
export function firstMatch(text: string, terms: QueryTerm[]): number {
  if (terms.length === 0) return -1;
  const pattern = termPattern(terms);
  const end = Math.min(text.length, SCAN_LIMIT);
  // Folded text of the current window and, for each folded unit, its index in `text`.
  let folded = '';
  let map: number[] = [];
  let i = 0;
  let from = 0;
  while (i < end) {
    const parts: string[] = [];
    const stop = Math.min(end, i + CHUNK);
    while (i < stop) {
      const cp = text.codePointAt(i)!;
      const ch = cp > 0xffff ? text.slice(i, i + 2) : text[i]!;
      const f = foldChar(ch);
      parts.push(f);
      for (let k = 0; k < f.length; k++) map.push(i);
      i += ch.length;
    }
    folded += parts.join('');
    pattern.lastIndex = from;
    const m = pattern.exec(folded);
    if (m) return map[m.index]!;
    // Keep a tail so a term crossing the chunk boundary still matches; its first unit only
    // serves as the lookbehind's context (a match starting there was already looked for).
    const keep = Math.min(folded.length, 128);
    folded = folded.slice(folded.length - keep);
    map = map.slice(map.length - keep);
    from = 1;
  }
  return -1;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ');

/** A short excerpt of `body` around the first match of the terms (the start when none matches). */
export function excerpt(body: string, terms: QueryTerm[]): string {
  const at = firstMatch(body, terms);
  let start = at <= BEFORE ? 0 : at - BEFORE;
  // Start at a word boundary, and never inside a surrogate pair.
  if (start > 0) {
    const space = body.slice(start, at).search(/\s/);
    if (space >= 0) start += space + 1;
    if (/[\udc00-\udfff]/.test(body[start] ?? '')) start--;
  }
  let stop = Math.min(body.length, start + LENGTH);
  if (stop < body.length) {
    // End at a word boundary when one is near, and never inside a surrogate pair.
    const from = Math.max(start, at + 1, stop - 40);
    const space = body.slice(from, stop).search(/\s\S*$/);
    if (space >= 0) stop = from + space;
    if (/[\ud800-\udbff]/.test(body[stop - 1] ?? '')) stop--;
  }
  const text = squash(body.slice(start, stop)).trim();
  return (start > 0 ? '…' : '') + text + (stop < body.length ? '…' : '');
}
