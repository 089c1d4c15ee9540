import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, withStrings } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { HubStatus, InviteItem, JoinRequestItem, Role } from '../../sync/types';
import { Discussion, type DiscussionProps } from '../discussion/Discussion';
import type { IntroPrompt } from '../intro/IntroPrompt';
import { shouldAskIntro, welcomes } from '../intro/intros';
import { useIntros } from '../intro/useIntros';
import type { Removal } from '../members/RemovalNotice';
import { SyncStatus } from '../sync/SyncStatus';
import { Tabs } from '../ui/Tabs';
import type { Transport } from '../../messaging/transport';
import type { GroupSection } from '../../types/open';
import { SECTIONS } from './sections';
import type { AwayCard } from './AwaySummary';
import { useAway } from './useAway';

export interface HostedGroupProps extends Omit<DiscussionProps, 'canModerate'> {
  group: { id: string; name: string; topic: string; hub: string };
  role: Role;
  status: HubStatus | null;
  requests: readonly JoinRequestItem[];
  invite: InviteItem | null;
  onCreateInvite(): Promise<InviteItem | NookError>;
  onCopy(text: string): Promise<boolean>;
  onRemoveMember(memberId: string): Promise<NookError | null>;
  /** The viewer's last removal, with the invite links it revoked. */
  removal: Removal | null;
  onDecide(requestId: string, decision: 'approve' | 'deny'): Promise<NookError | null>;
  onLeave(): Promise<NookError | null>;
  /** The extension shows invites; the widget's visitors do not create them. */
  showInvite: boolean;
  /** Where the sections beyond the discussion read and write (the background's, or the panel's). */
  transport: Transport;
  /** The member looking, once the membership is known. */
  memberId: string | null;
  /**
   * Where the member was taken in the group (a notification's click): the section opens, and
   * shows the item; a new `n` opens it again, though the member moved elsewhere meanwhile.
   */
  opening?: GroupOpening | null;
}

export interface GroupOpening {
  section: GroupSection;
  itemId: string | null;
  n: number;
}

/** A group shared through a hub: its sections, its invite, and how its connection stands. */
export function HostedGroup(props: HostedGroupProps) {
  const [tab, setTab] = useState<string>(props.opening?.section ?? 'discussion');
  useEffect(() => {
    if (props.opening) setTab(props.opening.section);
  }, [props.opening?.n]);
  const sections = SECTIONS.filter((s) => s.shown?.(props) ?? true);
  // Each section's code loads when it is first opened (the discussion is what most visits need).
  const [loaded, setLoaded] = useState<Record<string, ComponentType<HostedGroupProps>>>({});
  useEffect(() => {
    const section = sections.find((s) => s.key === tab);
    if (section && !loaded[tab]) void withStrings(section.load).then((C) => setLoaded((l) => ({ ...l, [section.key]: C })));
  }, [tab]);
  // A section this member no longer sees (their role changed) falls back to the discussion.
  const current = tab === 'discussion' || sections.some((s) => s.key === tab) ? tab : 'discussion';
  const unread = props.threads.reduce((n, th) => n + th.unread, 0);
  const Section = loaded[current];
  const intros = useIntros(props.transport, props.group.id);
  const me = props.members.find((m) => m.self);
  const ask = intros.ready && shouldAskIntro(me, intros.rows, Date.now());
  // Only a newcomer sees the prompt, once: its code loads when it is shown.
  const [Prompt, setPrompt] = useState<typeof IntroPrompt | null>(null);
  useEffect(() => {
    if (ask && !Prompt) void withStrings(() => import('../intro/IntroPrompt')).then((m) => setPrompt(() => m.IntroPrompt));
  }, [ask]);
  // After an absence the discussion opens on what happened since; the card's code loads when there is one.
  const away = useAway(props.transport, props.group.id);
  const [Away, setAway] = useState<typeof AwayCard | null>(null);
  useEffect(() => {
    if (away.since !== null && !Away) void withStrings(() => import('./AwaySummary')).then((m) => setAway(() => m.AwayCard));
  }, [away.since !== null]);
  return (
    <div class="stack hosted-group">
      {props.status ? <SyncStatus status={props.status} /> : null}
      {ask && Prompt ? (
        <Prompt
          onPost={intros.save}
          onSkip={intros.skip}
          error={intros.rows.find((r) => r.id === me?.id && r.delivery === 'failed')?.error ?? null}
        />
      ) : null}
      <Tabs
        id={`group-${props.group.id}`}
        label={t('group.sections')}
        tabs={[
          { key: 'discussion', label: t('group.discussion'), badge: unread > 0 ? String(unread) : undefined },
          ...sections.map((s) => ({ key: s.key, label: s.label() })),
        ]}
        selected={current}
        onSelect={(k) => setTab(k)}
      >
        {current === 'discussion' ? (
          <>
            {away.since !== null && Away ? (
              <Away transport={props.transport} groupId={props.group.id} since={away.since} onOpenThread={props.onSelectThread} onDismiss={away.dismiss} />
            ) : null}
            <Discussion {...props} canModerate={props.role !== 'member'} welcomes={welcomes(intros.rows, props.members)} />
          </>
        ) : Section ? (
          <Section {...props} />
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )}
      </Tabs>
    </div>
  );
}
