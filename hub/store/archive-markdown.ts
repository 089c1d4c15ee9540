import type { Archive, ArchiveThread } from '../../protocol/archive';
import type { CandidateTime } from '../../protocol';

/**
 * A group's archive as a Markdown file to read (the JSON one is to import). What members
 * wrote cannot change the document's structure: names, titles and other one-line text are
 * escaped (every ASCII punctuation character Markdown could read as syntax gets a backslash),
 * and message bodies and free-text answers, which are Markdown themselves, stay as they are
 * but inside a blockquote, every line of it quoted, so a heading, list or fence in one ends
 * with its quote.
 */

const PUNCTUATION = /[\\`*_{}[\]()<>#+\-.!|~&:="'^$%@]/g;

/** One-line text as literal Markdown: no heading, link, emphasis or HTML can come of it. */
export function inline(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(PUNCTUATION, '\\$&');
}

/** Multi-line Markdown kept as written, inside a blockquote of its own. */
export function quote(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

const at = (t: number) => new Date(t).toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');

function timeText(t: CandidateTime) {
  if (t.kind === 'timed') return `${at(t.start)}, ${t.minutes} min`;
  return t.days === 1 ? `${t.date} (all day)` : `${t.date} (all day, ${t.days} days)`;
}

function discussion(a: Archive, name: (id: string) => string, out: string[]) {
  const thread = (t: ArchiveThread) => {
    out.push(`### ${t.title ? inline(t.title) : 'Untitled thread'}`, '');
    if (t.anchor) out.push(`On the page ${inline(t.anchor.title)} (${inline(t.anchor.url)})`, '');
    for (const m of t.messages) {
      out.push(`**${name(m.authorId)}**, ${at(m.createdAt)}${m.editedAt === null ? '' : ' (edited)'}`, '', quote(m.body), '');
      const reactions = Object.entries(m.reactions).map(([emoji, who]) => `${inline(emoji)} ${who.map(name).join(', ')}`);
      if (reactions.length > 0) out.push(`Reactions: ${reactions.join('; ')}`, '');
    }
  };
  if (a.threads.length === 0) return;
  out.push('## Discussion', '');
  a.threads.forEach(thread);
}

/** The archive as one Markdown document, in the order of its JSON. */
export function archiveMarkdown(a: Archive): string {
  const names = new Map(a.people.map((p) => [p.id, inline(p.name)]));
  const name = (id: string) => names.get(id) ?? '?';
  const out: string[] = [`# ${inline(a.group.name)}`, ''];
  if (a.group.topic) out.push(inline(a.group.topic), '');
  out.push(`Exported ${at(a.exportedAt)} from Nook (archive version ${a.version}).`, '');

  const members = a.people.filter((p) => p.member);
  if (members.length > 0) {
    out.push('## Members', '');
    for (const p of members) {
      const m = p.member!;
      const zone = m.introduction ? `, ${inline(m.introduction.timeZone)}` : '';
      out.push(`- **${inline(p.name)}**, ${m.role}, joined ${at(m.joinedAt)}${zone}`);
      const about = [m.intro, m.introduction?.text ?? ''].filter((s) => s.trim() !== '');
      for (const text of about) out.push('', quote(text).replace(/^/gm, '  '));
      if (m.introduction && m.introduction.interests.length > 0) out.push('', `  Interests: ${m.introduction.interests.map(inline).join(', ')}`);
      if (about.length > 0 || m.introduction?.interests.length) out.push('');
    }
    out.push('');
  }

  discussion(a, name, out);

  if (a.goals.length > 0) {
    out.push('## Goals', '');
    for (const g of a.goals) {
      out.push(`### ${inline(g.title)}`, '', `${name(g.memberId)}, ${g.cadence}${g.endDate ? `, until ${g.endDate}` : ''}`, '');
      for (const c of g.checkIns) {
        const cheers = c.cheers.length > 0 ? `, cheered by ${c.cheers.map(name).join(', ')}` : '';
        out.push(`- Checked in ${c.localDate} (${inline(c.timeZone)})${cheers}`);
        if (c.note.trim() !== '') out.push('', quote(c.note).replace(/^/gm, '  '), '');
      }
      out.push('');
    }
  }

  if (a.meetings.length > 0) {
    out.push('## Meetings', '');
    for (const m of a.meetings) {
      out.push(`### ${inline(m.title)}`, '', `Organised by ${name(m.organiser)}`, '');
      m.times.forEach((t, i) => {
        const by = (answer: string) => m.answers.filter((x) => x.answers[i] === answer).map((x) => name(x.memberId));
        const counts = [`yes: ${by('yes').join(', ') || 'nobody'}`, `if need be: ${by('maybe').join(', ') || 'nobody'}`, `no: ${by('no').join(', ') || 'nobody'}`];
        out.push(`- ${timeText(t)}${m.confirmed === i ? ' (confirmed)' : ''}: ${counts.join('; ')}`);
      });
      out.push('');
    }
  }

  if (a.polls.length > 0) {
    out.push('## Polls', '');
    for (const p of a.polls) {
      const kind = [p.multiple ? 'multiple choice' : 'single choice', p.anonymous ? 'anonymous' : null, p.closedAt !== null ? `closed ${at(p.closedAt)}` : null];
      out.push(`### ${inline(p.question)}`, '', `Asked by ${name(p.createdBy)} (${kind.filter(Boolean).join(', ')}); ${p.voters} voted`, '');
      p.options.forEach((option, i) => {
        const who = p.votes.filter((v) => v.choices.includes(i)).map((v) => name(v.memberId));
        out.push(`- ${inline(option)}: ${p.tallies[i] ?? 0}${who.length > 0 ? ` (${who.join(', ')})` : ''}`);
      });
      out.push('');
    }
  }

  if (a.feedback.length > 0) {
    out.push('## Feedback', '');
    for (const f of a.feedback) {
      out.push(`### ${inline(f.question)}`, '', `Asked by ${name(f.askedBy)}; ${f.answers.length} answered`, '');
      for (const x of f.answers) {
        out.push(`- **${name(x.memberId)}**${x.rating === null ? '' : `, rated ${x.rating} of 5`}`);
        if (x.text.trim() !== '') out.push('', quote(x.text).replace(/^/gm, '  '), '');
      }
      out.push('');
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
