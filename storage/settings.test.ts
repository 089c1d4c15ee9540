import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../protocol/errors';
import {
  addCustomOrigin,
  getSettings,
  getSitePrefs,
  listSitePrefs,
  removeCustomOrigin,
  setSettings,
  setSitePrefs,
} from './settings';
import { dropDbs, freshDb } from './test-helpers';
import { DEFAULT_SETTINGS } from '../types/local';

afterEach(dropDbs);

describe('settings', () => {
  it('starts from the defaults and merges changes', async () => {
    const db = freshDb();
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    const s = await setSettings(db, { displayName: '  Ada  ', defaultHub: 'https://hub.example/' });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, displayName: 'Ada', defaultHub: 'https://hub.example' });
    expect(await setSettings(db, { language: 'pt-br' })).toEqual({ ...s, language: 'pt-BR' });
    expect(await getSettings(db)).toEqual({ ...s, language: 'pt-BR' });
    expect((await setSettings(db, { defaultHub: '' })).defaultHub).toBe('');
    expect(await db.settings.get('displayName')).toEqual({ key: 'displayName', value: 'Ada' });
  });

  it('refuses invalid values and writes none of the patch', async () => {
    const db = freshDb();
    const tooLong = await setSettings(db, { displayName: 'x'.repeat(61), language: 'fr' }).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(UserError);
    expect(tooLong).toMatchObject({ code: 'display_name_too_long', params: { max: 60 } });
    await expect(setSettings(db, { defaultHub: 'mailto:a@b.c' })).rejects.toMatchObject({ code: 'hub_invalid' });
    await expect(setSettings(db, { language: 'not a tag!' })).rejects.toMatchObject({
      code: 'language_invalid',
      params: { language: 'not a tag!' },
    });
    await expect(setSettings(db, { customOrigins: ['javascript:alert(1)'] })).rejects.toMatchObject({
      code: 'origin_invalid',
    });
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect((await setSettings(db, { displayName: 'x'.repeat(60) })).displayName).toHaveLength(60);
  });

  it('adds and removes custom origins', async () => {
    const db = freshDb();
    expect((await addCustomOrigin(db, 'https://Courses.Example.com/lesson/1')).customOrigins).toEqual([
      'https://courses.example.com',
    ]);
    expect((await addCustomOrigin(db, 'https://courses.example.com')).customOrigins).toEqual([
      'https://courses.example.com',
    ]);
    expect((await addCustomOrigin(db, 'http://localhost:3000')).customOrigins).toEqual([
      'https://courses.example.com',
      'http://localhost:3000',
    ]);
    expect((await removeCustomOrigin(db, 'https://courses.example.com')).customOrigins).toEqual(['http://localhost:3000']);
    await expect(addCustomOrigin(db, 'chrome://extensions')).rejects.toMatchObject({ code: 'origin_invalid' });
  });

  it('ignores a stored value that no longer passes its check', async () => {
    const db = freshDb();
    await db.settings.bulkPut([
      { key: 'displayName', value: 42 },
      { key: 'unknown', value: 'x' },
      { key: 'language', value: 'de' },
    ]);
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, language: 'de' });
  });
});

describe('site preferences', () => {
  it('defaults, changes and lists', async () => {
    const db = freshDb();
    expect(await getSitePrefs(db, 'reddit')).toEqual({ key: 'reddit', enabled: true, open: false, launcherHidden: false });
    expect(await listSitePrefs(db)).toEqual([]);
    expect(await setSitePrefs(db, 'reddit', { open: true })).toEqual({
      key: 'reddit',
      enabled: true,
      open: true,
      launcherHidden: false,
    });
    await setSitePrefs(db, 'https://courses.example.com', { enabled: false });
    expect(await setSitePrefs(db, 'reddit', { launcherHidden: true })).toMatchObject({ open: true, launcherHidden: true });
    expect((await listSitePrefs(db)).map((p) => [p.key, p.enabled, p.open, p.launcherHidden])).toEqual([
      ['https://courses.example.com', false, false, false],
      ['reddit', true, true, true],
    ]);
    await expect(setSitePrefs(db, 'reddit', { open: 'yes' as unknown as boolean })).rejects.toThrow(TypeError);
  });
});
