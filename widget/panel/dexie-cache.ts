import { effect } from '@preact/signals';
import { Dexie, type Table } from 'dexie';
import type { PanelCache } from './cache';
import type { GroupStore } from './store';

/** One row of the store's tables: table name, key, group, value. */
interface CachedRow {
  g: string;
  t: string;
  k: string;
  v: unknown;
}

class WidgetDB extends Dexie {
  declare rows: Table<CachedRow, [string, string, string]>;
  constructor() {
    super('nook-widget');
    this.version(1).stores({ rows: '[g+t+k], g' });
  }
}

const META = 'meta';
/**
 * What the cached rows hold. A panel that knows more kinds of event than the one that saved
 * them (2: the group's records) starts afresh: the older one moved past those events unkept.
 */
const LAYOUT = 2;
const SAVE_AFTER_MS = 300;

/** The lazily loaded half of widget/panel/cache.ts: Dexie, and the store's changes saved shortly after they happen. */
export async function openDexieCache(groupId: string, memberId: string): Promise<PanelCache> {
  const db = new WidgetDB();
  await db.open();
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const save = async (store: GroupStore) => {
    const put: CachedRow[] = [{ g: groupId, t: META, k: '', v: { memberId, layout: LAYOUT } }];
    const gone: [string, string, string][] = [];
    for (const table of store.tables) {
      const changes = table.takeChanges();
      for (const [k, v] of changes.put) put.push({ g: groupId, t: table.name, k, v });
      for (const k of changes.gone) gone.push([groupId, table.name, k]);
    }
    await db.transaction('rw', db.rows, async () => {
      await db.rows.bulkDelete(gone);
      await db.rows.bulkPut(put);
    });
  };
  const watch = (store: GroupStore) => {
    stop = effect(() => {
      void store.version.value;
      clearTimeout(timer);
      timer = setTimeout(() => void save(store).catch(() => undefined), SAVE_AFTER_MS);
    });
  };

  return {
    async restore(store) {
      const rows = await db.rows.where('g').equals(groupId).toArray();
      const meta = rows.find((r) => r.t === META)?.v as { memberId?: string; layout?: number } | undefined;
      const ours = meta?.memberId === memberId && meta.layout === LAYOUT;
      if (ours) {
        for (const table of store.tables) table.restore(rows.filter((r) => r.t === table.name).map((r) => [r.k, r.v]));
      } else if (rows.length) {
        await db.rows.where('g').equals(groupId).delete();
      }
      watch(store);
      return ours;
    },
    async clear() {
      clearTimeout(timer);
      await db.rows.where('g').equals(groupId).delete();
    },
    close() {
      stop?.();
      clearTimeout(timer);
      db.close();
    },
  };
}
