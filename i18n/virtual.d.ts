/** The English messages a widget build leaves out of its first download (i18n/vite-plugin.ts ENGLISH_REST). */
declare module 'virtual:nook-en-rest' {
  const rest: Record<string, string | import('@formatjs/icu-messageformat-parser').MessageFormatElement[] | null>;
  export default rest;
}
