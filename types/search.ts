import type { NoteHit } from './local';

/** What a search is narrowed to: a group and an author leave the notes out. */
export interface SearchFilters {
  /** A hosted group's id. */
  group?: string;
  /** A member's id on their hub (the same in each of its groups). */
  author?: string;
  /** A page's canonical URL: its note, and the messages of threads anchored to it. */
  page?: string;
}

export interface SearchOptions extends SearchFilters {
  /** At most this many hits (the first page; "Show more results" asks for more). */
  limit?: number;
}

/** A message found: where it is (group, thread and page), who wrote it and when. */
export interface MessageHit {
  kind: 'message';
  id: string;
  groupId: string;
  groupName: string;
  threadId: string;
  /** The thread's title; null for the group's general discussion or a page's thread without one. */
  threadTitle: string | null;
  /** The page the thread is anchored to. */
  page: { url: string; title: string } | null;
  authorId: string;
  authorName: string;
  createdAt: number;
  editedAt: number | null;
  /** A short excerpt of the body around the first match. */
  excerpt: string;
}

export type SearchHit = NoteHit | MessageHit;

/** What the filters offer: the member's groups, the authors of their messages, pages with threads. */
export interface SearchFilterChoices {
  groups: { id: string; name: string }[];
  authors: { id: string; name: string }[];
  pages: { url: string; title: string }[];
}
