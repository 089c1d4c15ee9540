import { useId, useState } from 'preact/hooks';
import { formatDate, locale, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { Intro } from '../../protocol/intros';
import type { InviteItem, JoinRequestItem, MemberItem, Role } from '../../sync/types';
import { InlineConfirm, useFocusReturn } from '../discussion/InlineConfirm';
import { useNow } from '../discussion/useNow';
import { IntroForm, type IntroValues } from '../intro/IntroForm';
import { browserZone } from '../intro/zones';
import { Markdown } from '../markdown/Markdown';
import { directory, type DirectoryRow } from './directory';
import { JoinRequests } from './JoinRequests';
import { LeaveGroup } from './LeaveGroup';
import { RemovalNotice, type Removal } from './RemovalNotice';
import { roleLabel } from './roles';

/** Mirrors the hub's rule: owners remove anyone, moderators remove plain members. */
export const mayRemove = (viewer: Role, target: MemberItem) => !target.self && (viewer === 'owner' || (viewer === 'moderator' && target.role === 'member'));

const zoneName = (zone: string) => zone.replace(/_/g, ' ');

/** Where a member is and what time it is there, when they told their zone. */
function LocalTime(props: { row: DirectoryRow; now: number }) {
  const { timeZone, awake } = props.row;
  if (!timeZone) return <p class="hint">{t('members.noZone')}</p>;
  const time = formatDate(props.now, { timeStyle: 'short', timeZone });
  return (
    <p class="hint member-time">
      {t(awake ? 'members.localTime' : 'members.localTimeNight', { zone: zoneName(timeZone), time })}
    </p>
  );
}

function MemberRow(props: {
  row: DirectoryRow;
  now: number;
  viewerRole: Role;
  onRemove(): Promise<NookError | null>;
  onSaveIntro?(values: IntroValues): Promise<NookError | null>;
}) {
  const { member, intro } = props.row;
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const removeBtn = useFocusReturn<HTMLButtonElement>(confirming);
  const editBtn = useFocusReturn<HTMLButtonElement>(editing);
  return (
    <li class="card member">
      <div class="spread">
        <span>
          <strong>{member.name}</strong>
          {member.self ? <span class="muted"> {t('members.you')}</span> : null}
        </span>
        <span class="row">
          {props.row.isNew ? <span class="pill new-pill">{t('members.new')}</span> : null}
          <span class={`pill role-${member.role}`}>{roleLabel(member.role)}</span>
        </span>
      </div>
      <LocalTime row={props.row} now={props.now} />
      {editing && props.onSaveIntro ? (
        <IntroForm
          initial={{ text: intro?.text ?? '', interests: intro?.interests ?? [], timeZone: props.row.timeZone ?? browserZone() }}
          submitLabel={t('intro.save')}
          onSubmit={async (v) => {
            const err = await props.onSaveIntro!(v);
            if (!err) setEditing(false);
            return err;
          }}
          onCancel={() => setEditing(false)}
        />
      ) : intro ? (
        <>
          <Markdown source={intro.text} class="member-intro" />
          {intro.interests.length > 0 ? (
            <ul class="tags" aria-label={t('intro.interests')}>
              {intro.interests.map((i) => (
                <li key={i} class="pill">
                  {i}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : member.intro ? (
        <Markdown source={member.intro} class="member-intro" />
      ) : null}
      {member.self && props.onSaveIntro && !editing ? (
        <div class="row">
          <button ref={editBtn} type="button" class="btn link" onClick={() => setEditing(true)}>
            {intro ? t('intro.edit') : t('intro.write')}
          </button>
        </div>
      ) : null}
      {mayRemove(props.viewerRole, member) ? (
        confirming ? (
          <InlineConfirm
            question={t('members.removeConfirm', { name: member.name })}
            confirmLabel={t('members.remove')}
            onConfirm={props.onRemove}
            onClose={() => setConfirming(false)}
          />
        ) : (
          <div class="row">
            <button
              ref={removeBtn}
              type="button"
              class="btn link danger"
              aria-label={t('members.removeNamed', { name: member.name })}
              onClick={() => setConfirming(true)}
            >
              {t('members.remove')}
            </button>
          </div>
        )
      ) : null}
    </li>
  );
}

/** Who is in the group; for owners and moderators, removal and the join requests waiting for them. */
export function Members(props: {
  members: readonly MemberItem[];
  /** The viewer's role in the group. */
  viewerRole: Role;
  /** Waiting join requests; shown to owners and moderators only. */
  requests: readonly JoinRequestItem[];
  onRemove(memberId: string): Promise<NookError | null>;
  onDecide(requestId: string, decision: 'approve' | 'deny'): Promise<NookError | null>;
  onLeave(): Promise<NookError | null>;
  /** The viewer's last removal in this group, to say which links it revoked. */
  removal?: Removal | null;
  /** Makes a new invite link; absent where the viewer does not make invites (the widget). */
  onNewInvite?(): Promise<InviteItem | NookError>;
  onCopy?(text: string): Promise<boolean>;
  /** The group's intros (time zones, interests); the directory shows what they say. */
  intros?: readonly Intro[];
  /** Saves the viewer's own intro; absent where it cannot be edited. */
  onSaveIntro?(values: IntroValues): Promise<NookError | null>;
}) {
  const headingId = useId();
  const now = useNow();
  const rows = directory(props.members, props.intros ?? [], now, locale.value);
  const moderates = props.viewerRole !== 'member';
  return (
    <section class="members stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('members.count', { count: props.members.length })}</h3>
      {moderates ? <JoinRequests requests={props.requests} onDecide={props.onDecide} /> : null}
      {props.removal ? (
        <RemovalNotice
          key={props.removal.memberId}
          removal={props.removal}
          onNewInvite={props.onNewInvite}
          onCopy={props.onCopy ?? (() => Promise.resolve(false))}
        />
      ) : null}
      <ul class="list" aria-labelledby={headingId}>
        {rows.map((r) => (
          <MemberRow
            key={r.member.id}
            row={r}
            now={now}
            viewerRole={props.viewerRole}
            onRemove={() => props.onRemove(r.member.id)}
            onSaveIntro={props.onSaveIntro}
          />
        ))}
      </ul>
      <LeaveGroup blocked={props.viewerRole === 'owner' && props.members.length > 1} onLeave={props.onLeave} />
    </section>
  );
}
