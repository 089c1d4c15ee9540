import { formatRelative, t } from '../../i18n/index';
import type { LiveState } from '../../messaging/transport';
import type { Note, NoteHit } from '../../types/local';
import { ErrorLine } from '../ui/ErrorLine';

/** Every note, by community, with search across all of them. */
export function NoteBrowser(props: {
  query: string;
  onQuery(q: string): void;
  searching: boolean;
  results: LiveState<NoteHit[]>;
  /** More results than shown may match. */
  hasMore?: boolean;
  onMore?(): void;
  list: LiveState<Note[]>;
  currentUrl?: string;
  onDelete(note: Note): void;
}) {
  const items: { note: Note; excerpt?: string }[] = props.searching
    ? (props.results.value ?? []).map((h) => ({ note: h.note, excerpt: h.excerpt }))
    : (props.list.value ?? []).map((note) => ({ note }));
  const state = props.searching ? props.results : props.list;
  const byCommunity = new Map<string, typeof items>();
  for (const it of items) {
    const k = it.note.community;
    byCommunity.set(k, [...(byCommunity.get(k) ?? []), it]);
  }
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
      <ErrorLine error={state.error} />
      {state.status === 'loading' && state.value === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p class="empty">{props.searching ? t('notes.noResults', { query: props.query }) : t('notes.none')}</p>
      ) : (
        [...byCommunity].map(([community, notes]) => (
          <section key={community} aria-label={community}>
            <h3 class="muted">{community}</h3>
            <ul class="list">
              {notes.map(({ note, excerpt }) => (
                <li key={note.id} class="card">
                  <div class="spread">
                    <a href={note.url} target="_blank" rel="noopener noreferrer" aria-current={note.url === props.currentUrl ? 'page' : undefined}>
                      {note.title || note.url}
                    </a>
                    <button type="button" class="btn link danger" aria-label={t('notes.deleteNamed', { title: note.title || note.url })} onClick={() => props.onDelete(note)}>
                      {t('notes.delete')}
                    </button>
                  </div>
                  <p class="muted excerpt">{excerpt ?? note.body.slice(0, 140)}</p>
                  <span class="hint">{t('notes.updated', { when: formatRelative(note.updatedAt) })}</span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {props.searching && props.hasMore ? (
        <button type="button" class="btn" onClick={() => props.onMore?.()}>
          {t('notes.moreResults')}
        </button>
      ) : null}
    </section>
  );
}
