import type { NookError } from '../../protocol/errors';

/**
 * A query result as a view receives it. Same shape as messaging/transport's LiveState, written
 * out here so components never import messaging/ (the widget panel has its own data owner).
 */
export interface Loadable<T> {
  status: 'loading' | 'ready' | 'error';
  value: T | undefined;
  error: NookError | null;
}

/** What a member can do to one message; each answers the refusal to show beside it, or null. */
export interface MessageActions {
  onEdit(id: string, body: string): Promise<NookError | null>;
  onDelete(id: string): Promise<NookError | null>;
  onReact(id: string, emoji: string, on: boolean): Promise<NookError | null>;
  onRetry(id: string): Promise<NookError | null>;
  onDiscard(id: string): Promise<NookError | null>;
  /** Reports someone else's message to the group's moderators (hosted groups only). */
  onReport?(id: string, reason: 'spam' | 'harassment' | 'off_topic' | 'other', note: string): Promise<NookError | null>;
}
