import type { ComponentType } from 'preact';
import { t } from '../../i18n/index';
import type { HostedGroupProps } from './HostedGroup';

/**
 * A hosted group's sections after its discussion, each registered once and rendered the same
 * in the sidebar, the widget's panel and the console. A section's code loads when it is
 * first opened, so the panel's start carries none of it.
 */
export interface SectionDef {
  key: string;
  label(): string;
  /** Whether this member sees it (by role, say); shown to everyone when absent. */
  shown?(props: HostedGroupProps): boolean;
  load(): Promise<ComponentType<HostedGroupProps>>;
}

export const SECTIONS: readonly SectionDef[] = [
  { key: 'members', label: () => t('group.members'), load: () => import('./GroupPeople').then((m) => m.GroupPeople) },
  { key: 'goals', label: () => t('group.goals'), load: () => import('../goals/GoalsSection').then((m) => m.GoalsSection) },
  { key: 'meetings', label: () => t('group.meetings'), load: () => import('../meetings/MeetingsSection').then((m) => m.MeetingsSection) },
  { key: 'polls', label: () => t('group.polls'), load: () => import('../polls/PollsSection').then((m) => m.PollsSection) },
  { key: 'feedback', label: () => t('group.feedback'), load: () => import('../feedback/FeedbackSection').then((m) => m.FeedbackSection) },
  // Last, after the features every member sees (docs/DESIGN.md: Accessible names).
  { key: 'moderation', label: () => t('group.moderation'), shown: (p) => p.role !== 'member', load: () => import('../moderation/Moderation').then((m) => m.Moderation) },
];
