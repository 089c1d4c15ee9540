import { describe, expect, it } from 'vitest';
import { originOfPattern } from './validate';

describe('originOfPattern', () => {
  it('turns a granted site pattern into its origin', () => {
    expect(originOfPattern('https://courses.example.com/*')).toBe('https://courses.example.com');
    expect(originOfPattern('http://127.0.0.1:8000/*')).toBe('http://127.0.0.1:8000');
  });
  it('ignores wide or odd patterns', () => {
    for (const p of ['*://*/*', 'https://*.example.com/*', '<all_urls>', 'https://example.com/path/*', 'file:///*']) expect(originOfPattern(p)).toBeNull();
  });
});
