import { describe, expect, expectTypeOf, it } from 'vitest';
import { GroupEvent } from '../protocol/events';
import type { OutboxOp } from './outbox/ops';
import { eventHandlers } from './events/registry';
import { OUTBOX_OPS, outboxHandlers } from './outbox/registry';

/** A feature is one registration per event kind and per outbox operation: nothing the protocol defines goes unhandled. */
describe('registries', () => {
  it('every event kind of the protocol schema is registered, and nothing else', () => {
    const kinds = GroupEvent.options.flatMap((o) => [...o.shape.kind.values]);
    expect(kinds.length).toBeGreaterThan(0);
    expect(Object.keys(eventHandlers).sort()).toEqual([...kinds].sort());
    for (const k of kinds) {
      const h = eventHandlers[k as keyof typeof eventHandlers];
      expect(typeof h.apply, k).toBe('function');
      expect(typeof h.reads, k).toBe('function');
    }
  });

  it('every outbox operation is registered, and nothing else', () => {
    expectTypeOf<(typeof OUTBOX_OPS)[number]>().toEqualTypeOf<OutboxOp['op']>();
    expect(Object.keys(outboxHandlers).sort()).toEqual([...OUTBOX_OPS].sort());
    for (const op of OUTBOX_OPS) expect(typeof outboxHandlers[op].send, op).toBe('function');
  });
});
