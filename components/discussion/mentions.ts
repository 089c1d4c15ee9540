import type { MemberItem } from '../../sync/types';

const WORD = /[\p{L}\p{N}_]/u;
/** Longer than any name a member may pick with spaces (MAX_NAME is about storage, not typing). */
const MAX_QUERY = 40;

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows the `@` up to the caret. */
  query: string;
}

/**
 * The `@name` being typed at the caret, if any. Names may hold spaces ("@Ann Lee"), so the
 * query runs to the caret rather than to the next space; an `@` inside a word is an e-mail
 * address, not a mention.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  if (start < 0) return null;
  if (start > 0 && WORD.test(before[start - 1]!)) return null;
  const query = before.slice(start + 1);
  if (!query || query.length > MAX_QUERY || /^\s|\n/.test(query)) return null;
  return { start, query };
}

/** Members whose name, or a word of it, starts with the query; whole-name prefixes first. */
export function suggestMembers(members: readonly MemberItem[], query: string, limit = 6): MemberItem[] {
  const q = query.toLocaleLowerCase();
  const scored: { m: MemberItem; rank: number }[] = [];
  for (const m of members) {
    if (m.self) continue;
    const name = m.name.toLocaleLowerCase();
    const rank = name.startsWith(q) ? 0 : name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : -1;
    if (rank >= 0) scored.push({ m, rank });
  }
  scored.sort((a, b) => a.rank - b.rank || a.m.name.localeCompare(b.m.name));
  return scored.slice(0, limit).map((s) => s.m);
}

/** The text with the query replaced by the full name, and where the caret goes next. */
export function insertMention(text: string, at: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, at.start) + inserted + after, caret: at.start + inserted.length };
}
