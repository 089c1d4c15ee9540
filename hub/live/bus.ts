/**
 * Tells every hub instance that a group has new events up to `seq`. Only the number travels;
 * receivers read the events from the shared database, so a lost or late notice delays
 * delivery but can never reorder, skip or invent an event.
 */
export interface Bus {
  publish(groupId: string, seq: number): Promise<void>;
  /** `seq` for a group; `resync` after the bus was disconnected and notices may be lost. */
  subscribe(handlers: { notify(groupId: string, seq: number): void; resync(): void }): void;
  close(): Promise<void>;
}

/** One instance (SQLite): the instance tells itself, directly, so nothing needs to travel. */
export function localBus(): Bus {
  return {
    publish: async () => {},
    subscribe: () => {},
    close: async () => {},
  };
}

export const encodeNotice = (groupId: string, seq: number) => `${groupId} ${seq}`;

export function decodeNotice(payload: string): { groupId: string; seq: number } | null {
  const [groupId, seq] = payload.split(' ');
  const n = Number(seq);
  return groupId && Number.isSafeInteger(n) ? { groupId, seq: n } : null;
}
