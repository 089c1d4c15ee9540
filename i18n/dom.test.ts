// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { setLocale } from './index';

describe('setLocale in a view', () => {
  it('sets <html lang> and <html dir>, so logical CSS properties mirror', async () => {
    await setLocale('ar');
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    await setLocale('pt-BR');
    expect(document.documentElement.lang).toBe('pt-BR');
    expect(document.documentElement.dir).toBe('ltr');
  });
});
