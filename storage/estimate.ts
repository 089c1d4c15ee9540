import type { NookDB } from './db';
import { countGroups } from './groups';

export interface StorageEstimate {
  notes: number;
  groups: number;
  /** Bytes the extension's origin uses, when the browser tells (`navigator.storage.estimate()`). */
  bytes: number | null;
  quota: number | null;
}

/** How much is stored: counts of notes and (not deleted) groups, and the browser's estimate. */
export async function estimate(db: NookDB): Promise<StorageEstimate> {
  const [notes, groups] = await Promise.all([db.notes.count(), countGroups(db)]);
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  let bytes: number | null = null;
  let quota: number | null = null;
  if (storage && typeof storage.estimate === 'function') {
    try {
      const estimate = await storage.estimate();
      bytes = estimate.usage ?? null;
      quota = estimate.quota ?? null;
    } catch {
      // Not available here (e.g. an opaque origin): counts only.
    }
  }
  return { notes, groups, bytes, quota };
}
