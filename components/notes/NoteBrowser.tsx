import { useEffect, useMemo, useRef } from 'preact/hooks';
import { formatRelative, t } from '../../i18n/index';
import type { LiveState } from '../../messaging/transport';
import type { Note } from '../../types/local';
import type { MessageHit, SearchFilterChoices, SearchHit } from '../../types/search';
import { ErrorLine } from '../ui/ErrorLine';
import { SearchFilterBar, type SearchFilterProps } from './SearchFilters';

/** Every note, by community, with one search across the notes and the messages of the member's groups. */
export function NoteBrowser(props: {
  query: string;
  onQuery(q: string): void;
  searching: boolean;
  results: LiveState<SearchHit[]>;
  /** More results than shown may match. */
  hasMore?: boolean;
  onMore?(): void;
  list: LiveState<Note[]>;
  currentUrl?: string;
  onDelete(note: Note): void;
  /** Opens a message's group on its thread. */
  onOpenMessage(hit: MessageHit): void;
  filters: Omit<SearchFilterProps, 'choices' | 'currentUrl'>;
  choices: SearchFilterChoices | undefined;
  /** The browser (with its filters) is on screen: called once, when it first shows. */
  onShown?(): void;
}) {
  const state = props.searching ? props.results : props.list;
  useEffect(() => props.onShown?.(), []);
  // The notes render again only when they or the page change: the view around them renders on
  // every answer that comes in (groups, the page's note, settings), and a long list need not.
  const onDelete = useRef(props.onDelete);
  onDelete.current = props.onDelete;
  const notes = props.list.value;
  const noteList = useMemo(
    () => <NotesByCommunity notes={notes ?? []} currentUrl={props.currentUrl} onDelete={(note) => onDelete.current(note)} />,
    [notes, props.currentUrl],
  );
  return (
    <section class="stack" aria-labelledby="all-notes">
      <h2 id="all-notes">{t('notes.all')}</h2>
      <input
        type="search"
        class="input"
        aria-label={t('notes.search')}
        placeholder={t('notes.searchPlaceholder')}
        value={props.query}
        onInput={(e) => props.onQuery((e.currentTarget as HTMLInputElement).value)}
      />
      <SearchFilterBar {...props.filters} choices={props.choices} currentUrl={props.currentUrl} />
      <ErrorLine error={state.error} />
      {state.status === 'loading' && state.value === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : props.searching ? (
        <SearchResults hits={props.results.value ?? []} query={props.query} currentUrl={props.currentUrl} onDelete={props.onDelete} onOpenMessage={props.onOpenMessage} />
      ) : (
        noteList
      )}
      {props.searching && props.hasMore ? (
        <button type="button" class="btn" onClick={() => props.onMore?.()}>
          {t('notes.moreResults')}
        </button>
      ) : null}
    </section>
  );
}

function NotesByCommunity(props: { notes: Note[]; currentUrl?: string; onDelete(note: Note): void }) {
  if (props.notes.length === 0) return <p class="empty">{t('notes.none')}</p>;
  const byCommunity = new Map<string, Note[]>();
  for (const note of props.notes) {
    const same = byCommunity.get(note.community);
    if (same) same.push(note);
    else byCommunity.set(note.community, [note]);
  }
  return (
    <>
      {[...byCommunity].map(([community, notes]) => (
        <section key={community} aria-label={community}>
          <h3 class="muted">{community}</h3>
          <ul class="list">
            {notes.map((note) => (
              <NoteItem key={note.id} note={note} currentUrl={props.currentUrl} onDelete={props.onDelete} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** Hits newest first, each naming where it is: "Note" (and its page) or its group, thread and author. */
function SearchResults(props: { hits: SearchHit[]; query: string; currentUrl?: string; onDelete(note: Note): void; onOpenMessage(hit: MessageHit): void }) {
  if (props.hits.length === 0) {
    return <p class="empty">{props.query.trim() ? t('notes.noResults', { query: props.query.trim() }) : t('search.noneFiltered')}</p>;
  }
  return (
    <ul class="list" aria-label={t('search.results')}>
      {props.hits.map((hit) =>
        hit.kind === 'note' ? (
          <NoteItem key={hit.note.id} note={hit.note} excerpt={hit.excerpt} currentUrl={props.currentUrl} onDelete={props.onDelete} labelled />
        ) : (
          <MessageItem key={hit.id} hit={hit} onOpen={props.onOpenMessage} />
        ),
      )}
    </ul>
  );
}

function NoteItem(props: { note: Note; excerpt?: string; currentUrl?: string; onDelete(note: Note): void; labelled?: boolean }) {
  const { note } = props;
  const title = note.title || note.url;
  return (
    <li class="card" aria-label={props.labelled ? t('search.noteHit', { title }) : undefined}>
      {props.labelled ? <span class="hint">{t('search.note')}</span> : null}
      <div class="spread">
        <a href={note.url} target="_blank" rel="noopener noreferrer" aria-current={note.url === props.currentUrl ? 'page' : undefined}>
          {title}
        </a>
        <button type="button" class="btn link danger" aria-label={t('notes.deleteNamed', { title })} onClick={() => props.onDelete(note)}>
          {t('notes.delete')}
        </button>
      </div>
      <p class="muted excerpt">{props.excerpt ?? note.body.slice(0, 140)}</p>
      <span class="hint">{t('notes.updated', { when: formatRelative(note.updatedAt) })}</span>
    </li>
  );
}

function MessageItem({ hit, onOpen }: { hit: MessageHit; onOpen(hit: MessageHit): void }) {
  const thread = hit.threadTitle ?? hit.page?.title ?? t('discussion.general');
  const author = hit.authorName || t('search.someone');
  return (
    <li class="card" aria-label={t('search.messageHit', { group: hit.groupName, author })}>
      <div class="spread">
        <span>
          <strong>{hit.groupName}</strong> · {thread}
        </span>
        <button type="button" class="btn link" aria-label={t('search.openNamed', { group: hit.groupName, thread })} onClick={() => onOpen(hit)}>
          {t('search.open')}
        </button>
      </div>
      <p class="muted excerpt">{hit.excerpt}</p>
      <span class="hint">
        {t('discussion.messageLabel', { name: author, time: formatRelative(hit.createdAt) })}
        {hit.editedAt !== null ? ` ${t('discussion.edited')}` : ''}
      </span>
      {hit.page ? (
        <a class="hint" href={hit.page.url} target="_blank" rel="noopener noreferrer">
          {hit.page.title}
        </a>
      ) : null}
    </li>
  );
}

export type { SearchFilterProps };
