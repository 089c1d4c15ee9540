import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { GroupForm } from '../../components/groups/GroupForm';
import { InvitePanel } from '../../components/invite/InvitePanel';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { Field } from '../../components/ui/Field';
import { t } from '../../i18n/index';
import type { GroupDraft } from '../../models/groups';
import { hubClient, unwrap } from '../../sync/client';
import { communityKeyOfAddress, hashKey } from '../../protocol/context-keys';
import { toNookError, type NookError } from '../../protocol/errors';
import type { InviteItem } from '../../sync/types';
import { copyText } from '../../models/clipboard';
import { uuid } from '../panel/browser';

const groupInHash = () => /^#group=([0-9a-f-]{36})$/i.exec(location.hash)?.[1] ?? null;

/**
 * The hub's /create page, for creators without the extension: make a group (the creator's
 * session is the hub's cookie, as in the panel), then take its snippet and an invite link,
 * beside a live preview that is the widget itself. Who may create groups is the operator's
 * choice: with NOOK_CREATE=token the page asks for the creation token.
 */
export function CreatePage(props: { hub: string; needsToken: boolean }) {
  const client = useMemo(() => hubClient(location.origin, { credentials: 'include' }), []);
  const [groupId, setGroupId] = useState<string | null>(groupInHash);
  const [invite, setInvite] = useState<InviteItem | null>(null);
  const [allowRequests, setAllowRequests] = useState(false);
  const [token, setToken] = useState('');
  // The creator's Patreon page or course, where extension users reading it find the group (issue #19).
  const [listFor, setListFor] = useState('');
  const [listForError, setListForError] = useState<string | null>(null);
  const [listingError, setListingError] = useState<NookError | null>(null);

  const makeInvite = async (id: string): Promise<InviteItem | NookError> => {
    try {
      const { invite: made } = await unwrap(client.groups[':groupId'].invites.$post({ param: { groupId: id }, json: {} }));
      const item = { url: made.url, code: made.code, expiresAt: made.expiresAt, maxUses: made.maxUses, uses: made.uses };
      setInvite(item);
      return item;
    } catch (e) {
      return toNookError(e);
    }
  };

  const create = async (d: GroupDraft): Promise<NookError | null> => {
    // The same key the extension makes on that page; an address it cannot place is said so before anything is made.
    const key = listFor.trim() ? communityKeyOfAddress(listFor) : null;
    setListForError(listFor.trim() && !key ? t('create.listForUnknown') : null);
    if (listFor.trim() && !key) return null;
    try {
      const headers: Record<string, string> = props.needsToken ? { 'X-Nook-Create-Token': token } : {};
      const { group } = await unwrap(
        client.groups.$post(
          // A listed group takes requests: that is how the people who find it come in.
          { json: { id: uuid(), name: d.name, topic: d.topic, memberLimit: d.memberLimit, allowRequests: allowRequests || !!key, ownerName: d.ownerName, session: 'cookie' } },
          { headers },
        ),
      );
      setListingError(null);
      if (key) {
        // The group exists whatever the hub says to its listing; a refusal is told on the next page.
        await unwrap(client.groups[':groupId'].listing.$put({ param: { groupId: group.id }, json: { scope: 'community', hash: await hashKey(key) } })).catch((e: unknown) =>
          setListingError(toNookError(e)),
        );
      }
      // The general discussion, so the first visitors have somewhere to talk.
      await unwrap(client.groups[':groupId'].threads.$post({ param: { groupId: group.id }, json: { id: uuid(), title: null, anchor: null } }));
      await makeInvite(group.id);
      history.replaceState(null, '', `#group=${group.id}`);
      setGroupId(group.id);
      return null;
    } catch (e) {
      return toNookError(e);
    }
  };

  if (!groupId) {
    return (
      <>
        <header class="stack">
          <h1>{t('create.title')}</h1>
          <p>{t('create.intro')}</p>
        </header>
        <GroupForm defaultHub={props.hub} defaultName="" hubFixed onSubmit={create}>
          <label class="check">
            <input type="checkbox" checked={allowRequests} onChange={(e) => setAllowRequests(e.currentTarget.checked)} />
            {t('create.allowRequests')}
          </label>
          <Field label={t('create.listFor')} hint={t('create.listForHint')} error={listForError}>
            {(c) => <input {...c} class="input" type="url" inputMode="url" value={listFor} onInput={(e) => setListFor(e.currentTarget.value)} />}
          </Field>
          {props.needsToken ? (
            <Field label={t('create.token')} hint={t('create.tokenHint')}>
              {(c) => <input {...c} class="input" type="password" autoComplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />}
            </Field>
          ) : null}
        </GroupForm>
      </>
    );
  }
  return (
    <>
      <header class="stack">
        <h1>{t('create.ready')}</h1>
        <p>{t('create.readyIntro')}</p>
        <ErrorLine error={listingError} />
      </header>
      <InvitePanel groupId={groupId} hub={props.hub} invite={invite} onCreateInvite={() => makeInvite(groupId)} onCopy={copyText} />
      <section class="stack" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('create.preview')}</h2>
        <p class="hint">{t('create.previewHint')}</p>
        <Preview groupId={groupId} />
      </section>
      <button
        type="button"
        class="btn"
        onClick={() => {
          history.replaceState(null, '', location.pathname);
          setInvite(null);
          setGroupId(null);
        }}
      >
        {t('create.another')}
      </button>
    </>
  );
}

/** The widget itself, put in by its own loader exactly as the snippet would. */
function Preview(props: { groupId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const script = document.createElement('script');
    script.src = '/widget.js';
    script.async = true;
    script.dataset.group = props.groupId;
    el.replaceChildren(script);
    return () => el.replaceChildren();
  }, [props.groupId]);
  return <div class="preview" ref={box} />;
}
