import { communityReads } from '../../sync/community-reads';
import { writeCommunity, type CommunityWrite } from '../../sync/writes/community';
import type { PanelSync } from './sync';

/**
 * The panel's intros, goals, meetings, polls and feedback: their own chunk, loaded with the
 * first section that needs them (the calendar arithmetic stays out of the panel's start).
 */
export const writeRecord = (sync: PanelSync, write: CommunityWrite) => sync.writeWith((t, w) => writeCommunity(t, w, write));

export const feedbackSummary = (sync: PanelSync, feedbackId: string) => communityReads.feedbackSummary(sync.client, sync.groupId, feedbackId);
export const feedbackCsv = (sync: PanelSync, feedbackId: string) => communityReads.feedbackCsv(sync.client, sync.groupId, feedbackId);
export const meetingIcs = (sync: PanelSync, meetingId: string) => communityReads.meetingIcs(sync.client, sync.groupId, meetingId);
