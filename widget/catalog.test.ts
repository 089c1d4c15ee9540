import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../i18n/catalogs/en.json';
import { usedKeys } from '../i18n/used-keys';

const keys = Object.keys(en);

describe('the widget’s catalogs hold the keys its code names', () => {
  it('keep what the panel and /create say, every error, and none of the extension’s own views', async () => {
    const keep = await usedKeys(['widget/panel/main.tsx', 'widget/create/main.tsx'], en);
    const kept = keys.filter(keep);
    // A sample of what the widget shows: the discussion, joining, the creators' page.
    for (const key of ['discussion.send', 'join.join', 'create.title', 'sync.online']) expect(kept, key).toContain(key);
    // A refusal's words are found by its code at run time (errorText): all of them stay.
    expect(keys.filter((k) => k.startsWith('error.')).every(keep)).toBe(true);
    expect(kept.filter((k) => /^(options|notes|popup|manifest|sidebar)\./.test(k))).toEqual([]);
    expect(kept.length).toBeLessThan(keys.length);
  });

  it('leave the English of code reached only through import() out of the first download (the sections, not the discussion)', async () => {
    const all = await usedKeys(['widget/panel/main.tsx'], en);
    const first = await usedKeys(['widget/panel/main.tsx'], en, { staticOnly: true });
    // The discussion is in the first download; a lazily loaded section's words are not, though the panel ships them.
    for (const key of ['discussion.send', 'group.discussion']) expect(first(key), key).toBe(true);
    for (const key of ['goals.share', 'polls.vote', 'feedback.submit']) {
      expect(all(key), key).toBe(true);
      expect(first(key), key).toBe(false);
    }
  });

  it('follow a key written whole, as a template prefix, or as a prefix joined to a part', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nook-keys-'));
    const file = join(dir, 'entry.ts');
    writeFileSync(
      file,
      [
        "const a = 'notes.all';",
        'const b = (site: string) => `site.${site}`;',
        "const c = (x: string) => 'popup.' + x;",
        "const d = 'not.a.key.anywhere';",
        'export { a, b, c, d };',
      ].join('\n'),
    );
    const keep = await usedKeys([file], en);
    expect(keep('notes.all')).toBe(true);
    expect(keys.filter((k) => k.startsWith('site.')).every(keep)).toBe(true);
    expect(keys.filter((k) => k.startsWith('popup.')).every(keep)).toBe(true);
    expect(keep('notes.none')).toBe(false);
    expect(keep('options.title')).toBe(false);
  });
});
