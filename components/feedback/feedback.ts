import type { FeedbackRequest, FeedbackSummary } from '../../protocol/feedback';

/** Whether a request still takes answers at `now`: not closed, and its closing time (if any) still to come. */
export const feedbackOpen = (f: Pick<FeedbackRequest, 'closesAt' | 'closedAt'>, now: number): boolean =>
  f.closedAt === null && (f.closesAt === null || f.closesAt > now);

/** Who sees the answers, as the hub rules: who asked, and the owner. */
export const seesAnswers = (f: Pick<FeedbackRequest, 'askedBy'>, memberId: string | null, role: string): boolean =>
  (memberId !== null && f.askedBy === memberId) || role === 'owner';

/** A file name from the question: "feedback-how-was-week-3.csv" (letters of any script kept). */
export function csvFileName(question: string): string {
  const slug = question
    // Accents off Latin letters (a file name travels through many systems); kana keep their marks.
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug ? `feedback-${slug}.csv` : 'feedback.csv';
}

const BOM = '\uFEFF';

/**
 * The hub's CSV as a file's text: it is sent with a byte-order mark so spreadsheets read it
 * as UTF-8, and reading a response as text drops that mark (the fetch standard's UTF-8
 * decode), so it is put back here.
 */
export const withBom = (csv: string): string => (csv.startsWith(BOM) ? csv : BOM + csv);

/** The rating bars: for each of 1 to 5, how many, and its share of the ratings (0 to 1). */
export function bars(summary: Pick<FeedbackSummary, 'distribution'>): { rating: number; count: number; share: number }[] {
  const total = summary.distribution.reduce((a, b) => a + b, 0);
  return summary.distribution.map((count, i) => ({ rating: i + 1, count, share: total === 0 ? 0 : count / total }));
}
