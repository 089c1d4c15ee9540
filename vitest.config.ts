import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { nookI18n } from './i18n/vite-plugin';

// Unit tests live beside the code they test (`*.test.ts`); e2e tests are Playwright's (tests/e2e).
export default defineConfig({
  // The same i18n build step as the extension: compiled catalogs, no ICU parser at run time.
  plugins: [nookI18n(), preact({ prefreshEnabled: false, devToolsEnabled: false, reactAliasesEnabled: false })],
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', 'tests/e2e/**', 'bench/**'],
    environment: 'node',
    // Inlined so the parser alias applies to it, as in the build.
    server: { deps: { inline: ['intl-messageformat'] } },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
