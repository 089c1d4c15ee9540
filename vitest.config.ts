import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Unit tests live beside the code they test (`*.test.ts`); e2e tests are Playwright's (tests/e2e).
export default defineConfig({
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false, reactAliasesEnabled: false })],
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', 'tests/e2e/**', 'bench/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
