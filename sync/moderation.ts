import type { LogEntry, MyStanding, Report, ReportReason } from '../protocol/moderation';
import { unwrap, type HubClient } from './client';

/**
 * Moderation as the views ask for it (issue #17), for the extension's background and the
 * widget's panel alike. Reports, the log and the member's own standing are read from the hub
 * each time: they are not group events. Removing a message is `messages.delete`, removing a
 * member `groups.removeMember`.
 */
export type ModerationWrite =
  | { kind: 'report'; id: string; messageId: string; reason: ReportReason; note: string }
  | { kind: 'dismiss'; reportId: string }
  | { kind: 'warn'; id: string; memberId: string; note: string }
  | { kind: 'mute'; memberId: string; minutes: number; reason: string }
  | { kind: 'unmute'; memberId: string }
  | { kind: 'slowMode'; seconds: number };

export function moderation(client: HubClient, groupId: string) {
  const g = client.groups[':groupId'];
  const param = { groupId };
  return {
    reports: async (): Promise<Report[]> => (await unwrap(g.reports.$get({ param }))).reports,
    log: async (): Promise<LogEntry[]> => (await unwrap(g.moderation.log.$get({ param }))).entries,
    me: (): Promise<MyStanding> => unwrap(g.moderation.me.$get({ param })),
    async act(w: ModerationWrite): Promise<void> {
      if (w.kind === 'report') {
        await unwrap(client.groups[':groupId'].messages[':messageId'].reports.$post({ param: { groupId, messageId: w.messageId }, json: { id: w.id, reason: w.reason, note: w.note } }));
      } else if (w.kind === 'dismiss') {
        await unwrap(g.reports[':reportId'].dismiss.$post({ param: { groupId, reportId: w.reportId } }));
      } else if (w.kind === 'warn') {
        await unwrap(g.members[':memberId'].warnings.$post({ param: { groupId, memberId: w.memberId }, json: { id: w.id, note: w.note } }));
      } else if (w.kind === 'mute') {
        await unwrap(g.members[':memberId'].mute.$put({ param: { groupId, memberId: w.memberId }, json: { minutes: w.minutes, reason: w.reason } }));
      } else if (w.kind === 'unmute') {
        await unwrap(g.members[':memberId'].mute.$delete({ param: { groupId, memberId: w.memberId } }));
      } else {
        await unwrap(g['slow-mode'].$put({ param, json: { seconds: w.seconds } }));
      }
    },
  };
}
