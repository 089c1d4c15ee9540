import { useId, useState } from 'preact/hooks';
import { formatRelative, t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { JoinRequestItem } from '../../sync/types';
import { Markdown } from '../markdown/Markdown';
import { ErrorLine } from '../ui/ErrorLine';

/** A request, and for a community's requests the group it asks into. */
type Request = JoinRequestItem & { groupName?: string };

function RequestRow(props: { request: Request; onDecide(decision: 'approve' | 'deny'): Promise<NookError | null> }) {
  const { request } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<NookError | null>(null);
  const decide = async (decision: 'approve' | 'deny') => {
    setBusy(true);
    const err = await props.onDecide(decision);
    setBusy(false);
    setError(err);
  };
  return (
    <li class="card">
      <div class="spread">
        <strong>{request.name}</strong>
        <span class="hint">{formatRelative(request.createdAt)}</span>
      </div>
      {request.groupName !== undefined ? (
        <p class="hint" dir="auto">
          {t('communities.requestTo', { group: request.groupName })}
        </p>
      ) : null}
      {request.message ? <Markdown source={request.message} /> : null}
      <div class="row">
        <button
          type="button"
          class="btn primary"
          disabled={busy}
          aria-label={
            request.groupName !== undefined
              ? t('communities.approveInto', { name: request.name, group: request.groupName })
              : t('members.approveNamed', { name: request.name })
          }
          onClick={() => void decide('approve')}
        >
          {t('members.approve')}
        </button>
        <button type="button" class="btn" disabled={busy} aria-label={
            request.groupName !== undefined
              ? t('communities.denyInto', { name: request.name, group: request.groupName })
              : t('members.denyNamed', { name: request.name })
          } onClick={() => void decide('deny')}>
          {t('members.deny')}
        </button>
      </div>
      <ErrorLine error={error} />
    </li>
  );
}

/**
 * People who asked to join, for an owner or moderator to let in or turn away; for a community,
 * those asking into any of its groups, each naming the group (a section of its own, `h3`).
 */
export function JoinRequests(props: {
  requests: readonly Request[];
  onDecide(requestId: string, decision: 'approve' | 'deny'): Promise<NookError | null>;
  heading?: 'h3' | 'h4';
}) {
  const headingId = useId();
  const Heading = props.heading ?? 'h4';
  return (
    <section class="stack join-requests" aria-labelledby={headingId}>
      <Heading id={headingId}>{t('members.requests', { count: props.requests.length })}</Heading>
      {props.requests.length === 0 ? (
        <p class="muted">{t('members.noRequests')}</p>
      ) : (
        <ul class="list" aria-labelledby={headingId}>
          {props.requests.map((r) => (
            <RequestRow key={r.id} request={r} onDecide={(d) => props.onDecide(r.id, d)} />
          ))}
        </ul>
      )}
    </section>
  );
}
