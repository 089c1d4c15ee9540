import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { t } from '../i18n/index';
import { asNookError, type Transport } from '../messaging/transport';
import type { NookError } from '../protocol/errors';
import type { PageContext } from '../sites/types';
import { MAX_NOTE_BYTES, type Note, SEARCH_PAGE } from '../types/local';
import type { SearchFilters } from '../types/search';
import { follow, SKIP } from './follow';
import type { Toasts } from './toast';

const SAVE_DELAY_MS = 400;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * The note for the current page: what is typed is kept in `draft` and saved shortly after
 * typing stops. A refused save (too large) keeps the draft as typed, so nothing is lost.
 */
export function createNoteModel(transport: Transport, context: ReadonlySignal<PageContext | null | undefined>, toasts: Toasts) {
  const stored = follow(transport, 'notes.get', () => (context.value ? { url: context.value.url } : SKIP));
  const draft = signal('');
  const status = signal<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const error = signal<NookError | null>(null);
  // True from a keystroke until that text is saved; while true, stored values don't overwrite the draft.
  const dirty = signal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let savingFor: PageContext | null = null;

  // Follow the stored note (another tab may edit it) unless the member is typing here.
  const stopSync = effect(() => {
    const s = stored.state.value;
    if (s.status !== 'ready' || dirty.value) return;
    draft.value = s.value?.body ?? '';
  });

  async function save(): Promise<void> {
    clearTimeout(timer);
    const ctx = savingFor ?? context.value;
    if (!dirty.peek() || !ctx) return;
    const body = draft.value;
    if (bytes(body) > MAX_NOTE_BYTES) {
      batch(() => {
        status.value = 'error';
        error.value = { code: 'note_too_large', message: 'Note too large', params: { max: MAX_NOTE_BYTES } };
      });
      return;
    }
    status.value = 'saving';
    try {
      await transport.call('notes.save', { context: ctx, body });
      if (draft.peek() === body) dirty.value = false;
      batch(() => {
        status.value = 'saved';
        error.value = null;
      });
    } catch (e) {
      batch(() => {
        status.value = 'error';
        error.value = asNookError(e);
      });
    }
  }

  // Leaving a page (single-page navigation) saves what was typed for that page first.
  let prevUrl: string | undefined;
  const stopNav = effect(() => {
    const url = context.value?.url;
    if (prevUrl !== undefined && url !== prevUrl && dirty.peek()) void save();
    prevUrl = url;
    savingFor = null;
    if (!dirty.peek()) status.value = 'idle';
  });

  return {
    stored: stored.state,
    draft,
    status,
    error,
    input(text: string) {
      dirty.value = true;
      savingFor = context.value ?? null;
      draft.value = text;
      status.value = 'idle';
      clearTimeout(timer);
      timer = setTimeout(() => void save(), SAVE_DELAY_MS);
    },
    flush: save,
    async remove(note: Note) {
      const removed = await transport.call('notes.delete', { id: note.id });
      if (!removed) return;
      dirty.value = false;
      toasts.show({
        message: t('notes.deleted'),
        action: { label: t('common.undo'), run: () => transport.call('notes.restore', { note: removed }) },
      });
    },
    dispose() {
      void save();
      stopSync();
      stopNav();
      stored.dispose();
    },
  };
}
export type NoteModel = ReturnType<typeof createNoteModel>;

/** Every note, by community; and one search over the notes and the messages of the member's hosted groups. */
export function createNotesBrowser(transport: Transport) {
  const query = signal('');
  const community = signal<string | null>(null);
  /** Filters: a group, an author (a member's id on their hub), a page (its URL); null for any. */
  const group = signal<string | null>(null);
  const author = signal<string | null>(null);
  const page = signal<string | null>(null);
  const trimmed = computed(() => query.value.trim());
  const filters = computed<SearchFilters>(() => ({
    ...(group.value ? { group: group.value } : {}),
    ...(author.value ? { author: author.value } : {}),
    ...(page.value ? { page: page.value } : {}),
  }));
  const searching = computed(() => trimmed.value.length > 0 || Object.keys(filters.value).length > 0);
  // How many results are shown for which search: a new query or filter starts again at one page.
  const asked = computed(() => JSON.stringify([trimmed.value, filters.value]));
  const shown = signal({ asked: '', count: SEARCH_PAGE });
  const limit = computed(() => (shown.value.asked === asked.value ? shown.value.count : SEARCH_PAGE));
  const results = follow(transport, 'notes.search', () => (searching.value ? { query: trimmed.value, ...filters.value, limit: limit.value } : SKIP), {
    keep: true,
  });
  const list = follow(transport, 'notes.list', () => (searching.value ? SKIP : { community: community.value ?? undefined, limit: 200 }));
  // What the filters offer reads the members and threads of every group the member follows (and
  // again at each change there): asked for once the filters are first shown, not while the
  // sidebar opens on another tab and the list of notes waits behind it.
  const filtersShown = signal(false);
  const choices = follow(transport, 'notes.searchFilters', () => (filtersShown.value ? undefined : SKIP));
  return {
    query,
    community,
    group,
    author,
    page,
    searching,
    results: results.state,
    /** A full page came back: there may be more. */
    hasMore: computed(() => results.state.value.status === 'ready' && (results.state.value.value?.length ?? 0) >= limit.value),
    showMore() {
      shown.value = { asked: asked.value, count: limit.value + SEARCH_PAGE };
    },
    list: list.state,
    /** What the filters offer, once `showFilters` was called. */
    choices: choices.state,
    /** The filters are on screen: ask what they offer (once; followed from then on). */
    showFilters() {
      filtersShown.value = true;
    },
    dispose() {
      results.dispose();
      list.dispose();
      choices.dispose();
    },
  };
}
export type NotesBrowser = ReturnType<typeof createNotesBrowser>;
