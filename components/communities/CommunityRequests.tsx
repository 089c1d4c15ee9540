import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { JoinRequests } from '../members/JoinRequests';
import { ErrorLine } from '../ui/ErrorLine';
import type { CommunityActions, CommunityRequestItem } from './types';

/**
 * For a community's owner and moderators: who asks to join any of its groups, each naming the
 * group, to let in or turn away (through the group's own decision, which the hub lets them
 * make). `version` changes when the hub says the requests did: they are asked for again.
 */
export function CommunityRequests(props: { actions: Pick<CommunityActions, 'requests' | 'decide'>; version: number; onDecided(): void }) {
  const [requests, setRequests] = useState<CommunityRequestItem[] | null>(null);
  const [error, setError] = useState<NookError | null>(null);
  useEffect(() => {
    void props.actions.requests().then((r) => {
      if (r.ok) setRequests(r.value);
      setError(r.ok ? null : r.error);
    });
  }, [props.version]);
  if (requests === null) return error ? <ErrorLine error={error} /> : <p class="muted">{t('common.loading')}</p>;
  return (
    <JoinRequests
      heading="h3"
      requests={requests}
      onDecide={async (requestId, decision) => {
        const request = requests.find((r) => r.id === requestId);
        if (!request) return null;
        const err = await props.actions.decide(request.groupId, requestId, decision);
        if (!err) {
          setRequests((all) => all?.filter((r) => r.id !== requestId) ?? null);
          props.onDecided();
        }
        return err;
      }}
    />
  );
}
