/**
 * Where a group opens when the member is taken to it from outside its view (a notification's
 * click): the group, the thread its discussion shows, or one of its sections and the item
 * there. The background sends it to a sidebar (messaging/calls.ts LiveDown 'open'), and Nook's
 * own page reads it from its address (entrypoints/sidebar/showing.ts).
 */
export interface GroupTarget {
  groupId: string;
  /** The thread the discussion opens on (a message's); null: the group's own choice. */
  threadId: string | null;
  /** The section to open instead of the discussion (a meeting's, a goal's, a join request's). */
  section?: GroupSection;
  /** The item to show in that section: a meeting's id. */
  itemId?: string;
}

export type GroupSection = 'discussion' | 'members' | 'goals' | 'meetings';

const SECTIONS: readonly GroupSection[] = ['discussion', 'members', 'goals', 'meetings'];

/** The query of Nook's own page showing the target: `sidebar.html?group=…&thread=…`, or `…&section=meetings&item=…`. */
export function targetQuery(target: GroupTarget): string {
  const q = new URLSearchParams({ group: target.groupId });
  if (target.threadId) q.set('thread', target.threadId);
  if (target.section) q.set('section', target.section);
  if (target.itemId) q.set('item', target.itemId);
  return q.toString();
}

/** The target an address of Nook's own page names (targetQuery's other half); null without a group. */
export function targetOfQuery(search: string): GroupTarget | null {
  const q = new URLSearchParams(search);
  const groupId = q.get('group');
  if (!groupId) return null;
  const section = SECTIONS.find((s) => s === q.get('section'));
  const item = q.get('item');
  return { groupId, threadId: q.get('thread'), ...(section ? { section } : {}), ...(item ? { itemId: item } : {}) };
}
