import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getSettings, setSettings } from './settings';
import { dropDbs, freshDb } from './test-helpers';

afterEach(dropDbs);

describe('reminder settings', () => {
  it('are on until the member turns them off, each on its own', async () => {
    const db = freshDb();
    expect(await getSettings(db)).toMatchObject({ remindCheckIns: true, remindMeetings: true });
    expect(await setSettings(db, { remindCheckIns: false })).toMatchObject({ remindCheckIns: false, remindMeetings: true });
    expect(await setSettings(db, { remindMeetings: false, remindCheckIns: true })).toMatchObject({ remindCheckIns: true, remindMeetings: false });
  });

  it('take only true or false, and a stored value that is neither falls back to on', async () => {
    const db = freshDb();
    await expect(setSettings(db, { remindCheckIns: 'no' as unknown as boolean })).rejects.toThrow(TypeError);
    await db.settings.put({ key: 'remindMeetings', value: 'off' });
    expect((await getSettings(db)).remindMeetings).toBe(true);
  });
});
