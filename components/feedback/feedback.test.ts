import { describe, expect, it } from 'vitest';
import { bars, csvFileName, feedbackOpen, seesAnswers, withBom } from './feedback';

describe('feedback rules', () => {
  it('is open until closed or until its closing time', () => {
    expect(feedbackOpen({ closesAt: null, closedAt: null }, 5)).toBe(true);
    expect(feedbackOpen({ closesAt: 10, closedAt: null }, 9)).toBe(true);
    expect(feedbackOpen({ closesAt: 10, closedAt: null }, 10)).toBe(false);
    expect(feedbackOpen({ closesAt: null, closedAt: 3 }, 5)).toBe(false);
  });

  it('shows the answers to who asked and to the owner only', () => {
    expect(seesAnswers({ askedBy: 'm1' }, 'm1', 'moderator')).toBe(true);
    expect(seesAnswers({ askedBy: 'm1' }, 'm2', 'owner')).toBe(true);
    expect(seesAnswers({ askedBy: 'm1' }, 'm2', 'moderator')).toBe(false);
    expect(seesAnswers({ askedBy: 'm1' }, null, 'member')).toBe(false);
  });

  it('names the file after the question', () => {
    expect(csvFileName('How was week 3?')).toBe('feedback-how-was-week-3.csv');
    expect(csvFileName('¿Qué tal la sesión?')).toBe('feedback-que-tal-la-sesion.csv');
    expect(csvFileName('今週はどうでしたか')).toBe('feedback-今週はどうでしたか.csv');
    expect(csvFileName('???')).toBe('feedback.csv');
    expect(csvFileName('a'.repeat(59) + ' b').length).toBeLessThanOrEqual('feedback-.csv'.length + 60);
  });

  it('puts the byte-order mark back once', () => {
    expect(withBom('a,b\r\n')).toBe('\uFEFFa,b\r\n');
    expect(withBom('\uFEFFa,b\r\n')).toBe('\uFEFFa,b\r\n');
  });

  it('gives each rating its share', () => {
    expect(bars({ distribution: [0, 0, 1, 0, 3] }).map((b) => b.share)).toEqual([0, 0, 0.25, 0, 0.75]);
    expect(bars({ distribution: [0, 0, 0, 0, 0] }).every((b) => b.share === 0)).toBe(true);
  });
});
