import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EXTENSION_DIR } from './fixtures';

// The background is an MV3 service worker, where import() is refused at run time: a lazy
// chunk there would leave every write it sends stuck at "Sending…" (intros, goals, polls).
test('the built background loads nothing lazily: a service worker refuses import()', () => {
  const background = readFileSync(join(EXTENSION_DIR, 'background.js'), 'utf8');
  expect(background.match(/\bimport\(/g) ?? []).toEqual([]);
});
