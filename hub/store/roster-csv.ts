import { CsvError, parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { MAX_INTEREST, MAX_INTERESTS, Name, ROSTER_MAX_BYTES, ROSTER_MAX_ROWS, TimeZone, UserError, line } from '../../protocol';

/** One person of a roster file, checked. */
export interface RosterLine {
  line: number;
  name: string;
  interests: string[];
  timeZone: string;
}

const Interest = line(MAX_INTEREST, 1);
const HEADER = ['name', 'interests', 'time zone'];
/** Shown in a refusal at most; the rest are counted. */
const SHOWN = 10;

const headerWord = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

const issue = (r: z.ZodSafeParseResult<unknown>) => (r.success ? '' : (r.error.issues[0]?.message ?? 'invalid'));

function refuse(problems: { line: number; text: string }[]): never {
  const shown = problems.slice(0, SHOWN).map((p) => `Line ${p.line}: ${p.text}`);
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more lines)` : '';
  throw new UserError('roster_invalid', `${shown.join('; ')}${more}. Nothing was imported.`, {
    line: problems[0]!.line,
    count: problems.length,
  });
}

function checkRow(cells: string[], at: number): RosterLine | string {
  if (cells.length !== 3) return `expected 3 columns (name, interests, time zone), found ${cells.length}`;
  const [rawName, rawInterests, rawZone] = cells as [string, string, string];
  const name = Name.safeParse(rawName);
  if (!name.success) return `the name ${rawName.trim() === '' ? 'is missing' : `is not valid (${issue(name)})`}`;
  const parts = [...new Set(rawInterests.split(';').map((s) => s.trim()).filter((s) => s !== ''))];
  if (parts.length > MAX_INTERESTS) return `at most ${MAX_INTERESTS} interests, found ${parts.length}`;
  for (const part of parts) {
    const checked = Interest.safeParse(part);
    if (!checked.success) return `the interest “${part.slice(0, MAX_INTEREST)}” is not valid (${issue(checked)})`;
  }
  const zone = rawZone.trim();
  if (zone === '') return 'the time zone is missing';
  if (!TimeZone.safeParse(zone).success) return `“${zone.slice(0, 64)}” is not a time zone (use a name like Europe/Berlin)`;
  return { line: at, name: name.data, interests: parts, timeZone: zone };
}

/**
 * Reads a roster: `name,interests,time zone` with a header row, interests separated by `;`,
 * UTF-8 with or without a BOM. Every row is checked before anything is kept; a refusal names
 * the lines at fault (as a spreadsheet numbers them, the header being line 1).
 */
export function parseRoster(csv: string): RosterLine[] {
  if (Buffer.byteLength(csv, 'utf8') > ROSTER_MAX_BYTES) {
    throw new UserError('roster_invalid', `A roster file is at most ${ROSTER_MAX_BYTES / 1024 / 1024} MB. Nothing was imported.`, {
      line: 0,
      count: 1,
    });
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) refuse([{ line: Number((err as CsvError & { lines?: number }).lines ?? 0), text: 'this is not readable CSV (a quote left open?)' }]);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header || header.record.map(headerWord).join(',') !== HEADER.join(',')) {
    refuse([{ line: header?.info.lines ?? 1, text: `the first row must be the header “name,interests,time zone”` }]);
  }
  if (rows.length === 0) refuse([{ line: header.info.lines, text: 'there is nobody in the file after its header' }]);
  if (rows.length > ROSTER_MAX_ROWS) {
    refuse([{ line: rows[ROSTER_MAX_ROWS]!.info.lines, text: `a roster is at most ${ROSTER_MAX_ROWS} people` }]);
  }
  const problems: { line: number; text: string }[] = [];
  const out: RosterLine[] = [];
  for (const { record, info } of rows) {
    const checked = checkRow(record, info.lines);
    if (typeof checked === 'string') problems.push({ line: info.lines, text: checked });
    else out.push(checked);
  }
  if (problems.length > 0) refuse(problems);
  return out;
}
