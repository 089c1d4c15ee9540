import { useEffect, useMemo, useState } from 'preact/hooks';
import { CommunityDetail } from './CommunityDetail';
import { CommunityList } from './CommunityList';
import { JoinCommunity } from './JoinCommunity';
import { NewCommunity } from './NewCommunity';
import type { CommunityActions, CommunityItem, CommunityListActions } from './types';
import type { NookError } from '../../protocol/errors';

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
}) {
  const [mode, setMode] = useState<'list' | 'new' | 'join'>('list');
  useEffect(() => props.onRefresh(), []);
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
    return <CommunityDetail key={`${current.hub} ${current.community.id}`} community={current} actions={actions} onBack={back} />;
  }
  return (
    <CommunityList
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
