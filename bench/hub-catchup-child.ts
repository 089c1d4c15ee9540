import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { openDb } from '../storage/db';
import { joinGroup } from '../storage/hosted/actions';
import { SyncEngine } from '../storage/hosted/engine';
import { cpuMeter, serveParent, threadMeter } from './hub-proc';

/**
 * The extension's side of a catch-up, in a process of its own: the real SyncEngine and
 * Dexie database, with fake-indexeddb standing in for the browser's IndexedDB and the `ws`
 * package for the browser's WebSocket, as in storage/hosted/sync.test.ts.
 */
const cpu = cpuMeter();
const thread = threadMeter();
let runs = 0;

// The engine fires some work and forgets it (`void this.flush()`); a failure there is recorded, not fatal.
const rejections: string[] = [];
process.on('unhandledRejection', (reason) => {
  // Dexie's errors are not native Errors, but they have a name and a message.
  const e = reason as { name?: string; message?: string; stack?: string } | null;
  const text = e?.stack ?? (e?.message ? `${e.name ?? 'Error'}: ${e.message}` : String(reason));
  if (rejections.length < 10) rejections.push(text);
});

/** When the hub's event frames arrived, to tell the hub's share of a catch-up from the client's. */
const frames = { count: 0, first: 0, last: 0 };
class TimedWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.on('message', (data: Buffer) => {
      if (data.subarray(0, 16).toString() !== '{"t":"events","g') return;
      const now = performance.now();
      if (frames.count++ === 0) frames.first = now;
      frames.last = now;
    });
  }
}

serveParent({
  async catchup(o: { invite: string; groupId: string; firstSeq: number; lastSeq: number; messages: number; timeoutMs: number }) {
    const db = openDb(`bench-catchup-${runs++}`);
    const engine = new SyncEngine(db, {
      fetch: (input, init) => fetch(input, init),
      WebSocket: TimedWebSocket as unknown as typeof globalThis.WebSocket,
      now: () => Date.now(),
    });
    try {
      cpu.share();
      thread.share();
      Object.assign(frames, { count: 0, first: 0, last: 0 });
      const t0 = performance.now();
      const group = await joinGroup(db, engine, { link: o.invite, name: 'Newcomer', defaultHub: null });
      if (group.id !== o.groupId) throw new Error(`joined ${group.id}, expected ${o.groupId}`);
      const joinedMs = performance.now() - t0;
      let firstMs: number | null = null;
      const deadline = t0 + o.timeoutMs;
      let seq = 0;
      for (;;) {
        seq = (await db.memberships.get(o.groupId))?.seq ?? 0;
        const now = performance.now();
        // The membership's number moves in the same transaction as the events it counts.
        if (firstMs === null && seq >= o.firstSeq) firstMs = now - t0;
        if (seq >= o.lastSeq || now > deadline) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const allMs = performance.now() - t0;
      const cpuShare = cpu.share();
      const threadShare = thread.share();
      engine.stop();
      const held = await db.messages.where('groupId').equals(o.groupId).count();
      return {
        joinedMs,
        firstMs,
        allMs: seq >= o.lastSeq ? allMs : null,
        seq,
        held,
        cpuShare,
        thread: threadShare,
        rejections: rejections.splice(0),
        frames: { count: frames.count, firstMs: frames.first - t0, lastMs: frames.last - t0 },
      };
    } finally {
      engine.stop();
      // Let what the engine started (status writes, an outbox flush) settle before the database goes.
      await new Promise((r) => setTimeout(r, 200));
      await db.delete();
    }
  },
});
