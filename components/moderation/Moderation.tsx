import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { Transport } from '../../messaging/transport';
import { toNookError, type NookError } from '../../protocol/errors';
import type { LogEntry, Report } from '../../protocol/moderation';
import type { ModerationWrite } from '../../sync/moderation';
import type { MemberItem } from '../../sync/types';
import { useNow } from '../discussion/useNow';
import { ErrorLine } from '../ui/ErrorLine';
import { Field } from '../ui/Field';

export interface ModerationProps {
  group: { id: string };
  members: readonly MemberItem[];
  transport: Transport;
  /** The group's slow mode as its events last said. */
  slowModeSeconds?: number;
}

const DEFAULT_MUTE_MINUTES = 60;

/**
 * The "Moderation" section of a group, for its owners and moderators (issue #17): the queue of
 * reports with what can be done about each, the slow mode, and the log. Reports and the log are
 * asked of the hub when the section opens and after each action: they are not group events.
 */
export function Moderation(props: ModerationProps) {
  const groupId = props.group.id;
  const { transport } = props;
  const [reports, setReports] = useState<Report[] | null>(null);
  const [log, setLog] = useState<LogEntry[] | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  // What the moderator typed, until the group's slow mode changes; before that, the group's own value.
  const [slow, setSlow] = useState<string | null>(null);
  useEffect(() => setSlow(null), [props.slowModeSeconds]);
  const slowValue = slow ?? String(props.slowModeSeconds ?? 0);
  const now = useNow();
  const muted = props.members.filter((m) => m.mutedUntil != null && m.mutedUntil > now);
  const nameOf = (id: string | null) => props.members.find((m) => m.id === id)?.name ?? '?';

  async function refresh() {
    try {
      const [r, l] = await Promise.all([transport.call('moderation.reports', { groupId }), transport.call('moderation.log', { groupId })]);
      setReports(r);
      setLog(l);
    } catch (e) {
      setError(toNookError(e));
    }
  }
  useEffect(() => void refresh(), [groupId]);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toNookError(e));
    }
    await refresh();
  }
  const act = (write: ModerationWrite) => run(() => transport.call('moderation.act', { groupId, write }));

  return (
    <div class="stack moderation">
      <ErrorLine error={error} />
      <section aria-labelledby={`reports-${groupId}`}>
        <h3 id={`reports-${groupId}`}>{t('moderation.reports')}</h3>
        {reports === null ? (
          <p class="muted">{t('common.loading')}</p>
        ) : reports.length === 0 ? (
          <p class="muted">{t('moderation.noReports')}</p>
        ) : null}
        <ul aria-labelledby={`reports-${groupId}`} class="stack">
          {(reports ?? []).map((r) => (
            <ReportItem
              key={r.id}
              report={r}
              reporter={nameOf(r.reporterId)}
              author={nameOf(r.authorId)}
              onRemove={() => run(() => transport.call('messages.delete', { id: r.messageId }))}
              onDismiss={() => act({ kind: 'dismiss', reportId: r.id })}
              onMute={(minutes, reason) => act({ kind: 'mute', memberId: r.authorId, minutes, reason })}
              onWarn={(note) => act({ kind: 'warn', id: crypto.randomUUID(), memberId: r.authorId, note })}
              onRemoveMember={() => run(() => transport.call('groups.removeMember', { id: groupId, memberId: r.authorId }))}
            />
          ))}
        </ul>
      </section>
      {muted.length > 0 ? (
        <section aria-labelledby={`muted-${groupId}`}>
          <h3 id={`muted-${groupId}`}>{t('moderation.muted')}</h3>
          <ul aria-labelledby={`muted-${groupId}`} class="stack">
            {muted.map((m) => (
              <li key={m.id} class="row">
                <span id={`muted-${groupId}-${m.id}`}>{t('moderation.mutedUntil', { name: m.name, until: m.mutedUntil! })}</span>
                <button type="button" aria-describedby={`muted-${groupId}-${m.id}`} onClick={() => act({ kind: 'unmute', memberId: m.id })}>
                  {t('moderation.unmute')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act({ kind: 'slowMode', seconds: Math.max(0, Math.floor(Number(slowValue) || 0)) });
        }}
      >
        <Field label={t('moderation.slowMode')} hint={t('moderation.slowModeHint')}>
          {(c) => <input {...c} type="number" min={0} max={21600} value={slowValue} onInput={(e) => setSlow(e.currentTarget.value)} />}
        </Field>
        <button type="submit">{t('moderation.setSlowMode')}</button>
      </form>
      <section aria-labelledby={`log-${groupId}`}>
        <h3 id={`log-${groupId}`}>{t('moderation.log')}</h3>
        {log !== null && log.length === 0 ? <p class="muted">{t('moderation.noLog')}</p> : null}
        <ul aria-labelledby={`log-${groupId}`}>
          {(log ?? []).map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</time>{' '}
              {t(`moderation.log.${e.action}`, { actor: nameOf(e.actorId), member: nameOf(e.memberId), note: e.note, until: e.until ?? 0, seconds: e.seconds ?? 0 })}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ReportItem(props: {
  report: Report;
  reporter: string;
  author: string;
  onRemove(): void;
  onDismiss(): void;
  onMute(minutes: number, reason: string): void;
  onWarn(note: string): void;
  onRemoveMember(): void;
}) {
  const r = props.report;
  const [open, setOpen] = useState<'mute' | 'warn' | null>(null);
  const [minutes, setMinutes] = useState(String(DEFAULT_MUTE_MINUTES));
  const [text, setText] = useState('');
  const reason = t(`moderation.reason.${r.reason}`) + (r.note ? ` (${r.note})` : '');
  return (
    <li class="card stack">
      <p>{t('moderation.reportedBy', { reporter: props.reporter, author: props.author, reason })}</p>
      <blockquote>{r.body || t('moderation.messageGone')}</blockquote>
      <div class="row">
        {r.body ? (
          <button type="button" onClick={props.onRemove}>
            {t('moderation.removeMessage')}
          </button>
        ) : null}
        <button type="button" onClick={props.onDismiss}>
          {t('moderation.dismiss')}
        </button>
        <button type="button" aria-expanded={open === 'mute'} onClick={() => setOpen(open === 'mute' ? null : 'mute')}>
          {t('moderation.muteMember')}
        </button>
        <button type="button" aria-expanded={open === 'warn'} onClick={() => setOpen(open === 'warn' ? null : 'warn')}>
          {t('moderation.warnMember')}
        </button>
        <button type="button" onClick={props.onRemoveMember}>
          {t('moderation.removeMember')}
        </button>
      </div>
      {open ? (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            if (open === 'mute') props.onMute(Math.max(1, Math.floor(Number(minutes) || DEFAULT_MUTE_MINUTES)), text.trim());
            else props.onWarn(text.trim());
            setOpen(null);
            setText('');
          }}
        >
          {open === 'mute' ? (
            <Field label={t('moderation.muteMinutes')}>
              {(c) => <input {...c} type="number" min={1} value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />}
            </Field>
          ) : null}
          <Field label={open === 'mute' ? t('moderation.muteReason') : t('moderation.warning')}>
            {(c) => <input {...c} type="text" required maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
          </Field>
          <div class="row">
            <button type="submit">{open === 'mute' ? t('moderation.mute') : t('moderation.sendWarning')}</button>
            <button type="button" onClick={() => setOpen(null)}>
              {t('moderation.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
