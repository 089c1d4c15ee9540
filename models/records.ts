import type { ReadonlySignal } from '@preact/signals';
import type { LiveState, Transport } from '../messaging/transport';
import type { NookError } from '../protocol/errors';
import type { RecordItem, RecordKind } from '../sync/types';
import type { CommunityWrite } from '../sync/writes/community';
import { attempt, refusal, type Attempted } from './attempt';
import { follow } from './follow';

type Of<K extends RecordKind> = Extract<RecordItem, { kind: K }>;

/**
 * A group's micro-community records as a section sees them: each kind it asks for followed
 * live (the same call in the sidebar and the panel), and the member's writes, whose refusal
 * comes back as a value to show where it happened.
 */
export function createRecordsModel<K extends RecordKind>(transport: Transport, groupId: string, kinds: readonly K[]) {
  const followed = kinds.map((kind) => [kind, follow(transport, 'records.list', () => ({ groupId, kind }))] as const);
  const byKind = Object.fromEntries(followed.map(([k, f]) => [k, f.state])) as { [P in K]: ReadonlySignal<LiveState<Of<P>[]>> };
  return {
    records: byKind,
    write: (write: CommunityWrite): Promise<NookError | null> => refusal(() => transport.call('records.write', { groupId, write })),
    feedbackSummary: (feedbackId: string) => attempt(() => transport.call('feedback.summary', { groupId, feedbackId })),
    feedbackCsv: (feedbackId: string): Promise<Attempted<string>> => attempt(() => transport.call('feedback.csv', { groupId, feedbackId })),
    meetingIcs: (meetingId: string): Promise<Attempted<string>> => attempt(() => transport.call('meetings.ics', { groupId, meetingId })),
    dispose() {
      for (const [, f] of followed) f.dispose();
    },
  };
}
export type RecordsModel<K extends RecordKind = RecordKind> = ReturnType<typeof createRecordsModel<K>>;
