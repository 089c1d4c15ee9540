import type { HubClient } from './client';
import { unwrap, unwrapText } from './client';

/**
 * What the views ask of the hub directly rather than of the group's events: feedback answers
 * stay with the asker, and calendar and CSV files are made by the hub. Shared by the
 * background and the panel, each with its own authenticated client.
 */
export const communityReads = {
  feedbackSummary: (client: HubClient, groupId: string, feedbackId: string) =>
    unwrap(client.groups[':groupId'].feedback[':feedbackId'].summary.$get({ param: { groupId, feedbackId } })),
  feedbackCsv: (client: HubClient, groupId: string, feedbackId: string) =>
    unwrapText(client.groups[':groupId'].feedback[':feedbackId'].csv.$get({ param: { groupId, feedbackId } })),
  meetingIcs: (client: HubClient, groupId: string, meetingId: string) =>
    unwrapText(client.groups[':groupId'].meetings[':meetingId'].ics.$get({ param: { groupId, meetingId } })),
};
