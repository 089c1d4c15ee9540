import { useEffect, useMemo, useState } from 'preact/hooks';
import { CommunityDetail } from './CommunityDetail';
import { CommunityList } from './CommunityList';
import { JoinCommunity } from './JoinCommunity';
import { NewCommunity } from './NewCommunity';
import type { CommunityActions, CommunityItem, CommunityListActions } from './types';
import type { NookError } from '../../protocol/errors';
import { t } from '../../i18n/index';

/**
 * The Communities view: the member's communities, making or joining one, and the one open.
 * Data and calls come in as props (the sidebar's model, or the console's).
 */
export function Communities(props: {
  communities: readonly CommunityItem[];
  loading: boolean;
  error: NookError | null;
  unreachable: readonly string[];
  /** The community open now, or null for the list. */
  current: CommunityItem | null;
  onSelect(c: CommunityItem | null): void;
  /** Asks for the list again (when the view opens). */
  onRefresh(): void;
  list: CommunityListActions;
  actionsFor(c: CommunityItem): CommunityActions;
  /** A personal invite let the member into a group as they joined: it opens. */
  onOpenGroup(groupId: string): void;
  defaultHub: string;
  defaultName: string;
  /** Moves when the hubs say something in the member's communities changed: asked again. */
  version?: number;
}) {
  const [mode, setMode] = useState<'list' | 'new' | 'join'>('list');
  // What the list says after leaving one: the community's name.
  const [left, setLeft] = useState<string | null>(null);
  useEffect(() => props.onRefresh(), [props.version]);
  const current = props.current;
  const actions = useMemo(() => (current ? props.actionsFor(current) : null), [current?.hub, current?.community.id]);
  // Back to the list, asked for again: who joined, and roles, may have changed meanwhile.
  const back = () => {
    props.onSelect(null);
    props.onRefresh();
  };
  if (mode === 'new') {
    return (
      <NewCommunity
        defaultHub={props.defaultHub}
        defaultName={props.defaultName}
        onCreate={props.list.create}
        onCancel={() => setMode('list')}
        onCreated={(c) => {
          setMode('list');
          setLeft(null);
          props.onSelect(c);
        }}
      />
    );
  }
  if (mode === 'join') {
    return (
      <JoinCommunity
        defaultName={props.defaultName}
        onPreview={props.list.preview}
        onJoin={props.list.join}
        onCancel={() => setMode('list')}
        onJoined={({ community, groupId }) => {
          setMode('list');
          if (groupId) props.onOpenGroup(groupId);
          else props.onSelect(community);
        }}
      />
    );
  }
  if (current && actions) {
    return (
      <CommunityDetail
        key={`${current.hub} ${current.community.id}`}
        community={current}
        actions={actions}
        onBack={back}
        version={props.version}
        onLeft={() => {
          setLeft(current.community.name);
          back();
        }}
      />
    );
  }
  return (
    <CommunityList
      notice={left ? t('communities.left', { name: left }) : null}
      communities={props.communities}
      loading={props.loading}
      error={props.error}
      unreachable={props.unreachable}
      onOpen={props.onSelect}
      onNew={() => setMode('new')}
      onJoin={() => setMode('join')}
    />
  );
}
