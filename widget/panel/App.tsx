import { computed, signal, useSignalEffect, type ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { HostedGroup } from '../../components/groups/HostedGroup';
import { errorText, t } from '../../i18n/index';
import type { Transport } from '../../messaging/transport';
import { createHostedModel } from '../../models/hosted';
import { toNookError } from '../../protocol/errors';
import type { PageContext } from '../../sites/types';
import { refusal } from '../../models/attempt';
import { copyText } from '../../models/clipboard';
import { anchorPlace } from './config';
import type { PanelSync } from './sync';
import { useLazy } from './lazy';

/** A thread the creator asked for (data-thread, Nook.open); `n` counts the asks. */
export interface ThreadRequest {
  key: string;
  n: number;
}

/** The page's thread as members see it named: with the site it is on, and whether that site was verified. */
function pageLabel(ctx: PageContext, hub: string): string {
  const place = anchorPlace(ctx.url, hub);
  if (!place) return ctx.title;
  return t(place.verified ? 'widget.pageOn' : 'widget.pageUnverified', { title: ctx.title, site: place.site });
}


export interface PanelViewProps {
  sync: PanelSync;
  transport: Transport;
  thread: ReadonlySignal<ThreadRequest | null>;
  context: ReadonlySignal<PageContext | null>;
  /** Shown inside the console (widget/console): under its heading, beside its own sign-out. */
  nested?: boolean;
}

/** The widget panel: a line saying what is wrong, the way in for a visitor, or the group's discussion. */
export function App(props: PanelViewProps) {
  const { sync } = props;
  const phase = sync.phase.value;
  // A member never needs the way in, and a visitor looks at it once: it loads when it is shown.
  const Visitor = useLazy(() => import('./Visitor').then((m) => m.Visitor), phase.t === 'visitor');
  if (phase.t === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (phase.t === 'problem') {
    const text =
      phase.code === 'missing_group' ? t('widget.missingGroup') : phase.code === 'bad_group' ? t('widget.badGroup') : errorText({ code: phase.code, message: phase.code });
    return (
      <div class="card problem stack" role="alert">
        <p>{text}</p>
        {phase.code === 'hub_unreachable' ? (
          <button type="button" class="btn" onClick={() => void sync.start()}>
            {t('widget.retry')}
          </button>
        ) : null}
      </div>
    );
  }
  if (phase.t === 'visitor') {
    if (!Visitor) return <p class="muted">{t('common.loading')}</p>;
    return (
      <Visitor
        about={phase.about}
        waiting={phase.waiting}
        ended={phase.ended}
        onJoin={async (link, name) => {
          try {
            const other = await sync.join(link, name);
            // Not a refusal of the hub's: the catalog's widget words say what is wrong.
            if (other) return { code: `invite_${other}`, message: t(other === 'other_hub' ? 'widget.otherHub' : 'widget.otherGroup') };
            return null;
          } catch (e) {
            return toNookError(e);
          }
        }}
        onAsk={(name, message) => refusal(() => sync.ask(name, message))}
      />
    );
  }
  return <Member {...props} />;
}

function Member(props: PanelViewProps) {
  const { sync, thread, context } = props;
  const hosted = useMemo(() => createHostedModel(props.transport, signal(sync.groupId), context), []);
  const group = useMemo(() => computed(() => (void sync.store.version.value, sync.store.groups.get(sync.groupId))), []);
  useEffect(() => () => hosted.dispose(), []);

  // data-thread, or the page's Nook.open(thread), once each: a thread's id selects it; a key opens (or starts) its thread.
  const handled = useMemo(() => ({ n: 0, started: false }), []);
  useSignalEffect(() => {
    const wanted = thread.value;
    const threads = hosted.threads.value.value;
    if (!wanted || wanted.n === handled.n || !hosted.membership.value.value || !threads) return;
    handled.n = wanted.n;
    if (threads.some((th) => th.id === wanted.key)) hosted.selectedThread.value = wanted.key;
    else if (context.value) void hosted.openPageThread();
  });

  // A group made elsewhere may have no thread yet: once caught up, start its discussion.
  useSignalEffect(() => {
    const threads = hosted.threads.value.value;
    if (sync.caughtUp.value && threads?.length === 0 && !handled.started) {
      handled.started = true;
      void hosted.openPageThread();
    }
  });

  // Looked at rarely: its code loads when it is opened.
  const [devicesOpen, setDevicesOpen] = useState(false);
  const Mine = useLazy(() => import('./YourDevices').then((m) => m.YourDevices), devicesOpen);

  const g = group.value;
  if (!g) return <p class="muted">{t('common.loading')}</p>;
  const ctx = context.value;
  return (
    <div class="stack widget-member">
      <header>
        {props.nested ? <h2>{g.name}</h2> : <h1>{g.name}</h1>}
        {g.topic ? <p class="muted">{g.topic}</p> : null}
      </header>
      <HostedGroup
        {...hosted.view()}
        group={{ id: g.id, name: g.name, topic: g.topic, hub: sync.env.hub }}
        pageContext={ctx ? { title: pageLabel(ctx, sync.env.hub), url: ctx.url } : null}
        onCopy={copyText}
        onLeave={hosted.leave}
        showInvite
      />
      {props.nested ? null : (
        <details class="widget-devices" onToggle={(e) => e.currentTarget.open && setDevicesOpen(true)}>
          <summary>{t('devices.yours')}</summary>
          {Mine ? <Mine transport={props.transport} hub={sync.env.hub} onSignOutHere={() => sync.signOut()} /> : <p class="muted">{t('common.loading')}</p>}
        </details>
      )}
    </div>
  );
}
