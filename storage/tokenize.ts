/**
 * The one tokenizer of local search: the same folding and segmentation serve the `search`
 * table's terms (when a note is written) and the query (when the member searches).
 *
 * - Folding: compatibility decomposition (full-width letters, ligatures), lower case, Latin
 *   /Greek/Cyrillic accents removed ("Crème" -> "creme"), then recomposed (so Japanese
 *   voiced kana and Hangul stay whole).
 * - Words: runs of letters, digits and marks (`\p{L}\p{N}\p{M}`).
 * - Scripts written without spaces (Chinese, Japanese, Thai, ...) are indexed by every
 *   character and every pair of neighbouring characters; a query in them becomes its pairs
 *   (or its single character), each of which must be found.
 * - Prefixes: a note's search terms also hold the first PREFIX_LENGTHS characters of each
 *   longer word (see `searchTerms`).
 */

/** Tokens longer than this are cut (index keys stay small; a longer query word is cut the same way). */
export const MAX_TOKEN_LENGTH = 64;

// eslint-disable-next-line no-misleading-character-class -- ranges of lone combining accents, removed one by one
const ACCENTS = /[\u{300}-\u{36f}\u{1ab0}-\u{1aff}\u{1dc0}-\u{1dff}\u{20d0}-\u{20ff}\u{fe20}-\u{fe2f}]/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARK = /^\p{M}$/u;
const UNSPACED =
  /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;

/** Lower case, accents and compatibility forms folded. Applied to indexed text and to queries. */
export const fold = (text: string): string =>
  text.normalize('NFKD').toLowerCase().replace(ACCENTS, '').normalize('NFC');

const cut = (token: string): string => {
  if (token.length <= MAX_TOKEN_LENGTH) return token;
  let out = '';
  for (const ch of token) {
    if (out.length + ch.length > MAX_TOKEN_LENGTH) break;
    out += ch;
  }
  return out;
};

interface Segment {
  text: string[];
  unspaced: boolean;
}

/** Splits folded text into word segments; unspaced-script runs come as arrays of characters. */
function segments(folded: string): Segment[] {
  const out: Segment[] = [];
  for (const [run] of folded.matchAll(WORD)) {
    let current: Segment | null = null;
    for (const ch of run) {
      if (current && MARK.test(ch)) {
        // A combining mark belongs to the character before it.
        if (current.unspaced) current.text[current.text.length - 1] += ch;
        else current.text.push(ch);
        continue;
      }
      const unspaced = UNSPACED.test(ch);
      if (!current || current.unspaced !== unspaced) {
        current = { text: [], unspaced };
        out.push(current);
      }
      current.text.push(ch);
    }
  }
  return out;
}

/**
 * Word prefixes that are search terms of their own: "hydration" is found by the query words
 * "hyd" and "hydr" in one run of the index each (newest first), not by a walk over every word
 * starting with them, of which there are many (hydrate, hydrant, hydraulic, ...). From five
 * characters on, a query word starts few distinct words: the search finds them in the index
 * (storage/search.ts) rather than storing every prefix of every word, which would take about
 * 3.5 times the words' index entries instead of 2.2 times.
 *
 * The prefixes are not marked: the term "heel" stands for "a word starting with heel", whether
 * the note has "heel" or "heels", which is what a query word means.
 */
export const PREFIX_LENGTHS: readonly number[] = [3, 4];

function tokens(text: string, prefixes: boolean): string[] {
  const out = new Set<string>();
  for (const seg of segments(fold(text))) {
    if (!seg.unspaced) {
      const word = cut(seg.text.join(''));
      out.add(word);
      if (prefixes) {
        const chars = Array.from(word);
        for (const n of PREFIX_LENGTHS) if (chars.length > n) out.add(chars.slice(0, n).join(''));
      }
      continue;
    }
    const chars = seg.text;
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]!);
      if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...out];
}

/** Distinct tokens of a text: its words (cut to MAX_TOKEN_LENGTH), and for unspaced scripts characters and pairs. */
export const indexTokens = (text: string): string[] => tokens(text, false);

/** The `words` of a note (schema versions 2 and 3 stored them on the note; the version 2 upgrade still computes them). */
export const noteWords = (title: string, body: string): string[] => indexTokens(`${title}\n${body}`);

/**
 * The terms of a note's `search` row: the tokens of its title and body, and the first 3 and 4
 * characters of each longer word of a spaced script (PREFIX_LENGTHS).
 */
export const searchTerms = (title: string, body: string): string[] => tokens(`${title}\n${body}`, true);

/** A query term and whether it must start a word (false inside unspaced scripts). */
export interface QueryTerm {
  text: string;
  wordStart: boolean;
}

/**
 * The terms of a query. Each must be a prefix of some indexed token. A term that is a prefix
 * of another term is dropped (it is implied).
 */
export function queryTerms(query: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const seg of segments(fold(query))) {
    if (!seg.unspaced) {
      const text = cut(seg.text.join(''));
      terms.set(text, { text, wordStart: true });
      continue;
    }
    const chars = seg.text;
    if (chars.length === 1) terms.set(chars[0]!, { text: chars[0]!, wordStart: false });
    for (let i = 0; i + 1 < chars.length; i++) {
      const text = chars[i]! + chars[i + 1]!;
      terms.set(text, { text, wordStart: false });
    }
  }
  const all = [...terms.values()];
  return all.filter((t) => !all.some((o) => o !== t && o.text.startsWith(t.text)));
}
