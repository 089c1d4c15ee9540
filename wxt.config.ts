import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { localeFiles } from './i18n/locales';
import { nookI18n } from './i18n/vite-plugin';
import { CONTENT_FILES } from './scripts/content-files';
import { SUPPORTED_MATCHES } from './sites/hosts';
import { contentScripts } from './scripts/content-scripts';

// The extension. The hub and the widget are built separately (hub/, widget/).
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  imports: false,
  modules: [],
  manifestVersion: 3,
  hooks: {
    'build:publicAssets': async (_wxt, files) => {
      files.push(...localeFiles('i18n/catalogs'));
      // The scripts that run in host pages (scripts/content-scripts.ts says why not as entrypoints).
      files.push(...(await contentScripts()));
    },
  },
  vite: () => ({
    // nookI18n: catalogs compiled at build time; the ICU parser is aliased away (i18n/vite-plugin.ts).
    plugins: [nookI18n(), preact({ prefreshEnabled: false, devToolsEnabled: false, reactAliasesEnabled: false })],
    build: { target: 'es2022', sourcemap: false },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab', 'scripting', 'unlimitedStorage', 'alarms', 'notifications'],
    // The supported sites: the launcher on every page load, and the background may inject
    // the context reader there when a sidebar opens (the same sites, so the same prompt).
    host_permissions: SUPPORTED_MATCHES,
    optional_host_permissions: ['*://*/*'],
    content_scripts: [{ matches: SUPPORTED_MATCHES, js: [CONTENT_FILES.launcher.slice(1)], run_at: 'document_idle' }],
    action: { default_title: '__MSG_extName__' },
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: '__MSG_commandToggle__',
      },
    },
    // The sidebar frame and the launcher's wordmark (scripts/wordmark.ts), on any page Nook opens on.
    // Chrome: under an id made anew each browser session (runtime.getURL gives it), so a page
    // cannot probe a fixed address to learn that Nook is installed, nor frame the sidebar itself.
    // Firefox has no such key: its moz-extension:// host is already a random id per install.
    web_accessible_resources: [
      { resources: ['sidebar.html', 'wordmark.png'], matches: ['<all_urls>'], ...(browser === 'firefox' ? {} : { use_dynamic_url: true }) },
    ],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'nook@nook.community', strict_min_version: '128.0' } } }
      : {}),
  }),
});
