import { z } from 'zod';
import { ContextKind, SiteId } from '../protocol/context';
import { MAX_NOTE_BYTES, type Note } from '../types/local';
import { exceedsUtf8 } from './validate';

const time = z.int().nonnegative();

/** A note as it travels in an export file (and back to the background for undo). Unknown fields are dropped. */
export const NoteRecord = z.object({
  id: z.string().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }),
  site: SiteId,
  community: z.string().max(1000),
  kind: ContextKind,
  title: z.string().max(10_000),
  body: z.string().refine((b) => !exceedsUtf8(b, MAX_NOTE_BYTES), { params: { reason: 'too_large' } }),
  createdAt: time,
  updatedAt: time,
}) satisfies z.ZodType<Note>;

/** Why a record was refused; the catalog can `select` on it. */
export type RecordProblem = 'not_object' | 'missing' | 'type' | 'url' | 'value' | 'too_large' | 'duplicate';

const PROBLEM_TEXT: Record<RecordProblem, string> = {
  not_object: 'is not an object',
  missing: 'is missing',
  type: 'has the wrong type',
  url: 'must be a URL',
  value: 'has a value that is not allowed',
  too_large: 'is too large',
  duplicate: 'repeats another note in the file',
};

export interface RecordFault {
  field: string;
  problem: RecordProblem;
}

/** Describes a fault in English, e.g. `field "url" must be a URL`. */
export const describeFault = (f: RecordFault): string =>
  f.problem === 'not_object' ? 'is not an object' : `field "${f.field}" ${PROBLEM_TEXT[f.problem]}`;

/** Checks one record; returns the note or the first fault found. */
export function checkNoteRecord(input: unknown): { note: Note } | { fault: RecordFault } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { fault: { field: '', problem: 'not_object' } };
  }
  const parsed = NoteRecord.safeParse(input);
  if (parsed.success) return { note: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const value = (input as Record<string, unknown>)[field];
  let problem: RecordProblem;
  if (value === undefined) problem = 'missing';
  else if (issue.code === 'invalid_format' && issue.format === 'url') problem = 'url';
  else if (issue.code === 'custom') problem = 'too_large';
  else if (issue.code === 'invalid_type') {
    // A fractional or unsafe number where a whole one belongs is a bad value, not a bad type.
    problem = issue.expected === 'int' && typeof value === 'number' ? 'value' : 'type';
  }
  else if (issue.code === 'too_big') problem = 'too_large';
  else problem = 'value';
  return { fault: { field, problem } };
}
