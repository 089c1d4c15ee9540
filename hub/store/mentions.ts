const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Members named as `@name` in a body. Names may hold spaces ("@Ann Lee"), so each member's
 * name is looked for, rather than words after `@` being looked up.
 */
export function findMentions(body: string, members: readonly { member_id: string; name: string }[]): string[] {
  if (!body.includes('@')) return [];
  const found = new Set<string>();
  for (const m of members) {
    const re = new RegExp(`(?:^|[^\\p{L}\\p{N}_])@${escape(m.name)}(?![\\p{L}\\p{N}_])`, 'iu');
    if (re.test(body)) found.add(m.member_id);
  }
  return [...found];
}
