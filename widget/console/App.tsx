import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CommunityDetail } from '../../components/communities/CommunityDetail';
import { SignOutHere } from '../../components/devices/SignOutHere';
import { Field } from '../../components/ui/Field';
import { errorText, t, type MessageKey } from '../../i18n/index';
import { toNookError, type NookError } from '../../protocol/errors';
import type { CommunityView } from '../../protocol/communities';
import { consoleCommunityActions } from './communities';
import { GroupPane } from './GroupPane';
import { hearCommunities } from './live';
import type { ConsoleSession, ManagedGroup, SignedOutWhy } from './session';

const groupInHash = () => /^#group=([0-9a-f-]{36})$/i.exec(location.hash)?.[1] ?? null;
const roleName = (role: string) => t(role === 'owner' ? 'members.roleOwner' : 'members.roleModerator');

/** The creator console: signing in, the groups the member owns or moderates, and the one opened. */
export function Console(props: { session: ConsoleSession }) {
  const { session } = props;
  const phase = session.phase.value;
  if (phase.t === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (phase.t === 'problem') {
    return (
      <div class="card problem stack" role="alert">
        <p>{errorText({ code: phase.code, message: phase.code })}</p>
        <div class="row">
          <button type="button" class="btn" onClick={() => void session.load()}>
            {t('widget.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (phase.t === 'signed-out') return <SignIn why={phase.why} onLink={(code) => session.link(code).then(() => null, toNookError)} />;
  return <Groups session={session} groups={phase.groups} communities={phase.communities} />;
}

function Groups(props: { session: ConsoleSession; groups: ManagedGroup[]; communities: CommunityView[] }) {
  const { session, groups } = props;
  // The address's group when it is one of these (another identity's stays shut), else the only one.
  const [open, setOpen] = useState<string | null>(() => {
    const wanted = groupInHash();
    if (wanted && groups.some((g) => g.group.id === wanted)) return wanted;
    return groups.length === 1 ? groups[0]!.group.id : null;
  });
  const [community, setCommunity] = useState<string | null>(null);
  // What the console says after the member left a community: its name, until something else opens.
  const [left, setLeft] = useState<string | null>(null);
  // The opened group is in the address, so a reload (or a bookmark) opens it again.
  useEffect(() => history.replaceState(null, '', open ? `#group=${open}` : location.pathname), [open]);
  const show = (what: { group?: string; community?: string }) => {
    setOpen(what.group ?? null);
    setCommunity(what.community ?? null);
    setLeft(null);
  };
  const managers = props.communities.filter((c) => c.me.role !== 'member');
  const shown = managers.find((c) => c.community.id === community);
  // Moves when the hub says something in the shown community changed: its view asks again.
  const [version, setVersion] = useState(0);
  const shownId = useRef<string | null>(null);
  shownId.current = shown?.community.id ?? null;
  useEffect(
    () =>
      hearCommunities(session.hub, ({ communityId }) => {
        // The member's own communities changed (a role, one left elsewhere): the console lists them again.
        if (communityId === null) void session.load();
        else if (communityId === shownId.current) setVersion((v) => v + 1);
      }),
    [],
  );
  const actions = useMemo(() => {
    if (!shown) return null;
    const base = consoleCommunityActions(session.client, { id: shown.community.id, me: shown.me.id }, (id) => show({ group: id }));
    return {
      ...base,
      // The new group is the member's own: it joins the console's list of groups too.
      createGroup: async (draft: Parameters<typeof base.createGroup>[0]) => {
        const err = await base.createGroup(draft);
        if (!err) void session.load();
        return err;
      },
    };
  }, [shown?.community.id]);
  return (
    <div class="console stack">
      <header class="spread console-top">
        <h1>{t('console.groups')}</h1>
        <SignOutHere label={t('console.signOut')} onSignOut={() => session.signOut()} />
      </header>
      <div class="console-layout">
        <nav class="stack console-nav" aria-label={t('console.groups')}>
          {groups.length === 0 ? <p class="muted">{t('console.none')}</p> : null}
          <ul class="list">
            {groups.map(({ group, member }) => (
              <Opener key={group.id} name={group.name} current={open === group.id} onOpen={() => show({ group: group.id })}>
                {roleName(member.role)} · {t('console.memberCount', { count: group.memberCount })}
              </Opener>
            ))}
          </ul>
          {managers.length > 0 ? (
            <section class="stack" aria-labelledby="console-communities">
              <h2 id="console-communities">{t('console.communities')}</h2>
              <ul class="list">
                {managers.map((c) => (
                  <Opener key={c.community.id} name={c.community.name} current={community === c.community.id} onOpen={() => show({ community: c.community.id })}>
                    {roleName(c.me.role)} · {t('console.memberCount', { count: c.memberCount })}
                  </Opener>
                ))}
              </ul>
            </section>
          ) : null}
          <p>
            <a href="/create">{t('console.create')}</a>
          </p>
        </nav>
        {left ? (
          <p class="console-group card" role="status" dir="auto">
            {t('communities.left', { name: left })}
          </p>
        ) : null}
        {open ? <GroupPane key={open} hub={session.hub} groupId={open} /> : null}
        {shown && actions ? (
          <section class="console-group card">
            {/* The community views' own component, as in the sidebar: its groups, invite, members, roster and cohorts. */}
            <CommunityDetail
              key={shown.community.id}
              community={{ ...shown, hub: session.hub }}
              actions={actions}
              version={version}
              onLeft={() => {
                show({});
                setLeft(shown.community.name);
                void session.load();
              }}
            />
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** A group or community in the console's list: a button that opens it, and what the member is there. */
function Opener(props: { name: string; current: boolean; onOpen(): void; children: ComponentChildren }) {
  return (
    <li class="stack">
      <button type="button" class="btn console-open" aria-current={props.current ? 'true' : undefined} onClick={props.onOpen}>
        {props.name}
      </button>
      <span class="hint">{props.children}</span>
    </li>
  );
}

const WHY: Record<SignedOutWhy, MessageKey | null> = { none: null, 'signed-out': 'widget.signedOut', expired: 'console.expired' };

function SignIn(props: { why: SignedOutWhy; onLink(code: string): Promise<NookError | null> }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const why = WHY[props.why];
  return (
    <div class="console stack">
      <h1>{t('console.signInTitle')}</h1>
      {why ? <p role="status">{t(why)}</p> : null}
      <p>{t('console.signInIntro')}</p>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(await props.onLink(code));
          setBusy(false);
        }}
      >
        <Field label={t('devices.code')} error={error}>
          {(c) => <input {...c} class="input code" required autoComplete="one-time-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} />}
        </Field>
        <div class="row">
          <button type="submit" class="btn primary" disabled={busy || !code.trim()}>
            {t('console.signIn')}
          </button>
        </div>
      </form>
      <p>
        {t('console.noGroupYet')} <a href="/create">{t('console.create')}</a>
      </p>
    </div>
  );
}
