import { JoinForm } from '../../components/join/JoinForm';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import type { GroupPreview } from '../../protocol/groups';
import type { Ended } from './sync';

const ENDED = { removed: 'error.removed', left: 'widget.left', 'signed-out': 'widget.signedOut', expired: 'widget.expired' } as const;

/** Someone who is not (or no longer) a member: the group's name and size, and how to get in. */
export function Visitor(props: {
  about: GroupPreview;
  waiting: boolean;
  ended: Ended | null;
  onJoin(link: string, name: string): Promise<NookError | null>;
  onAsk(name: string, message: string): Promise<NookError | null>;
}) {
  const { about } = props;
  const full = about.memberCount >= about.memberLimit;
  return (
    <div class="stack widget-visitor">
      <header>
        <h1>{about.name}</h1>
        {about.topic ? <p>{about.topic}</p> : null}
        <p class="muted">{t('widget.size', { count: about.memberCount, limit: about.memberLimit })}</p>
      </header>
      {props.ended ? (
        <p class="card" role="status">
          {t(ENDED[props.ended])}
        </p>
      ) : null}
      {full ? <ErrorLine error={{ code: 'group_full', message: 'This group is full.' }} /> : <p>{t('widget.joinIntro')}</p>}
      <JoinForm defaultName="" onJoin={props.onJoin} onRequest={about.allowRequests ? props.onAsk : undefined} waiting={props.waiting} />
    </div>
  );
}
