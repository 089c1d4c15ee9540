import { awayDue, awaySummary, type AwaySummary } from '../../sync/away';
import type { PanelSync } from './sync';

/**
 * "Since you were away" in the widget panel, loaded when a group opens (not with the panel's
 * start): the member's last look at the group, kept per member in the page's storage where the
 * browser allows it (else never: no summary), and the summary over the memory store.
 */
export function panelAway(sync: PanelSync) {
  const { store, groupId } = sync;
  const member = () => {
    const m = store.memberships.get(groupId);
    return m && m.endedAt === null ? m.memberId : null;
  };
  /** Answers the last look before, and notes `at` as the new one. */
  const look = (at: number): number | null => {
    const me = member();
    if (!me) return null;
    try {
      const key = `nook:seen:${groupId}:${me}`;
      const had = Number(localStorage.getItem(key) ?? NaN);
      localStorage.setItem(key, String(at));
      return Number.isFinite(had) ? had : null;
    } catch {
      return null;
    }
  };
  const inGroup = <T extends { groupId: string }>(rows: T[]) => rows.filter((r) => r.groupId === groupId);
  return {
    look,
    /** The group opened: since when the member was away, if long enough for a summary. */
    opened(at: number): number | null {
      const had = look(at);
      return awayDue(had, at) ? had : null;
    },
    summary(since: number): AwaySummary | null {
      const me = member();
      if (!me) return null;
      return awaySummary({ since, me, threads: inGroup(store.threads.all()), messages: inGroup(store.messages.all()), members: inGroup(store.members.all()), records: inGroup(store.records.all()) });
    },
  };
}
