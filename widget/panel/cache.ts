import type { GroupStore } from './store';

/**
 * The panel's IndexedDB mirror of its group, so a visit after the first starts from what it
 * held and resumes the live connection from there. Only where the browser allows storage in
 * this frame: a third-party frame is often refused (this Chromium refuses it), and then the
 * panel keeps everything in memory and never loads Dexie at all.
 */
export interface PanelCache {
  /** Fills the store from the cache; false when there was nothing (or another member's). */
  restore(store: GroupStore): Promise<boolean>;
  clear(): Promise<void>;
  close(): void;
}

/** Whether IndexedDB opens here, asked without Dexie (which is only loaded when it does). */
export function storageAllowed(): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const probe = indexedDB.open('nook-probe');
      probe.onsuccess = () => {
        probe.result.close();
        resolve(true);
      };
      probe.onerror = (e) => {
        e.preventDefault();
        resolve(false);
      };
      probe.onblocked = () => resolve(false);
    } catch {
      resolve(false);
    }
  });
}

export async function openCache(groupId: string, memberId: string): Promise<PanelCache | null> {
  if (!(await storageAllowed())) return null;
  const { openDexieCache } = await import('./dexie-cache');
  return openDexieCache(groupId, memberId);
}
