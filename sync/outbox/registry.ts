import type { OutboxRow } from './ops';
import type { LocalTables } from '../store';
import type { communityOps } from './community';
import { discussionOps } from './discussion';
import type { OpName, OutboxHandlers, OutboxOpHandler } from './kind';

/** The operations the outbox carries, at run time (the type below keeps the list whole). */
export const OUTBOX_OPS = [
  'thread.create',
  'message.post',
  'message.edit',
  'message.delete',
  'reaction',
  'read',
  'intro.set',
  'goal.create',
  'checkin',
  'cheer',
  'meeting.propose',
  'meeting.answer',
  'meeting.confirm',
  'poll.create',
  'poll.vote',
  'poll.close',
  'feedback.ask',
  'feedback.answer',
  'feedback.close',
] as const;
type Listed = (typeof OUTBOX_OPS)[number];
// Fails to compile when OutboxOp gains an op the list lacks, or the list names one it does not have.
const _whole: [OpName] extends [Listed] ? ([Listed] extends [OpName] ? true : never) : never = true;
void _whole;

/**
 * Every outbox operation, each registered once by its feature's file. The type makes a
 * missing one a compile error; registry.test.ts checks it against OUTBOX_OPS.
 */
export const outboxHandlers: OutboxHandlers = { ...discussionOps, ...lazyCommunityOps() };

/**
 * Intros, goals, meetings, polls and feedback: their senders load with the first such write
 * (the widget panel's start carries none of them). A refusal or an answer comes after its
 * send, so the module is there by then: nothing awaits a load inside a store transaction.
 */
type CommunityOps = typeof communityOps;
let source: (() => Promise<CommunityOps>) | null = null;
let provided: CommunityOps | null = null;
/**
 * Where the community senders come from: the extension's background gives them up front (a
 * service worker refuses import(), so no lazy chunk may be in its bundle at all), the widget
 * panel loads them with its first such write.
 */
export function provideCommunityOps(load: () => Promise<CommunityOps>): void {
  source = load;
}

function lazyCommunityOps(): typeof communityOps {
  // Every operation the discussion does not register is one of these (OUTBOX_OPS keeps the list whole).
  const names = OUTBOX_OPS.filter((op) => !(op in discussionOps)) as (keyof typeof communityOps)[];
  const load = async () => {
    if (!source) throw new Error('sync: the community outbox senders were never provided (provideCommunityOps)');
    return (provided ??= await source());
  };
  type Any = OutboxOpHandler<OpName>;
  const lazy = (op: keyof typeof communityOps): Any => ({
    send: async (client, row) => ((await load())[op] as unknown as Any).send(client, row),
    refused: (t, row, error) => ((provided?.[op] as unknown as Any | undefined)?.refused?.(t, row, error) ?? Promise.resolve()),
  });
  return Object.fromEntries(names.map((op) => [op, lazy(op)])) as unknown as typeof communityOps;
}


export const opHandlerOf = (row: OutboxRow) => outboxHandlers[row.op] as OutboxOpHandler<OpName> | undefined;

/** Queues a write behind the ones already waiting, in the caller's transaction (with its optimistic row). */
export function enqueue<O extends OpName>(t: LocalTables, row: { op: O } & Omit<Extract<OutboxRow, { op: O }>, 'n' | 'attempts'>): Promise<number> {
  return t.outbox.add({ ...row, attempts: 0 } as Omit<OutboxRow, 'n'>);
}
