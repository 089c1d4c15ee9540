/** The English messages a widget build leaves out of its first download (i18n/vite-plugin.ts ENGLISH_REST). */
declare module 'virtual:nook-en-rest' {
  import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
  const rest: Record<string, string | MessageFormatElement[] | null>;
  export default rest;
}
