import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ExtensionSettings {
  granted_permissions: { explicit_host: string[]; scriptable_host?: string[] };
  active_permissions: { explicit_host: string[]; scriptable_host?: string[] };
}

/**
 * Grants the extension a host permission in a closed profile, where Chromium keeps the
 * member's answer to the permission prompt: headless Chromium cannot show that prompt, so
 * tests give the answer beforehand and drive everything Nook does around it. The extension
 * must have been installed in the profile (launched once).
 */
export function grantHostPermission(profile: string, extensionId: string, pattern: string): void {
  const file = join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as { extensions: { settings: Record<string, ExtensionSettings | undefined> } };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error(`grantHostPermission: ${extensionId} is not installed in ${profile}`);
  for (const set of [settings.granted_permissions, settings.active_permissions]) {
    set.explicit_host.push(pattern);
    set.scriptable_host?.push(pattern);
  }
  writeFileSync(file, JSON.stringify(prefs));
}
