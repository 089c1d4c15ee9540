import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { prng } from '../bench/notes-gen';
import { type NookDB, type SearchRow, searchRow } from './db';
import { excerpt } from './excerpt';
import { deleteNote, listNotes, putNotes, restoreNote, saveNote } from './notes';
import { SEARCH_TUNING, type SearchTuning } from './search';
import { context, dropDbs, freshDb, searchNotes } from './test-helpers';
import { indexTokens, queryTerms, searchTerms } from './tokenize';
import { importNotes } from './transfer';
import type { Note } from '../types/local';

afterEach(dropDbs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stores notes as given (times included), with their search rows. */
const store = (db: NookDB, notes: Note[]) => db.transaction('rw', db.notes, db.search, () => putNotes(db, notes));

describe('tokenizer', () => {
  it('folds case, accents and compatibility forms', () => {
    expect(indexTokens('Crème BRÛLÉE, ﬁne ＡＢＣ! naïve-café 42')).toEqual([
      'creme',
      'brulee',
      'fine',
      'abc',
      'naive',
      'cafe',
      '42',
    ]);
  });

  it('indexes unspaced scripts by characters and pairs, and keeps voiced kana whole', () => {
    expect(indexTokens('黒猫が')).toEqual(['黒', '黒猫', '猫', '猫が', 'が']);
    expect(indexTokens('ｶﾞｲﾄﾞ')).toEqual(['ガ', 'ガイ', 'イ', 'イド', 'ド']);
    expect(queryTerms('猫').map((t) => t.text)).toEqual(['猫']);
    expect(queryTerms('東京タワー').map((t) => t.text)).toEqual(['東京', '京タ', 'タワ', 'ワー']);
  });

  it('adds the first 3 and 4 characters of longer words to the search terms', () => {
    expect(searchTerms('Hydration', 'a dough rye, Crème 黒猫')).toEqual([
      'hydration',
      'hyd',
      'hydr',
      'a',
      'dough',
      'dou',
      'doug',
      'rye',
      'creme',
      'cre',
      'crem',
      '黒',
      '黒猫',
      '猫',
    ]);
  });

  it('drops a query word implied by a longer one', () => {
    expect(queryTerms('cre CRÈME heel').map((t) => t.text)).toEqual(['creme', 'heel']);
  });
});

describe('searchNotes', () => {
  async function seed() {
    const db = freshDb();
    const n1 = await saveNote(
      db,
      context({ url: 'https://a.example/1', title: 'Heel flaps' }),
      'Slip stitch heel flaps wear better than stockinette.',
    );
    await sleep(2);
    const n2 = await saveNote(
      db,
      context({ url: 'https://a.example/2', title: 'Dessert' }),
      'Crème brûlée needs a torch. The heel of the bread goes to the birds.',
    );
    await sleep(2);
    const n3 = await saveNote(
      db,
      context({ url: 'https://a.example/3', title: '旅行メモ', site: 'generic', community: 'a.example', kind: 'page' }),
      '来週、東京タワーに行きます。黒猫のカフェも。',
    );
    return { db, n1, n2, n3 };
  }

  it('matches word prefixes, newest first', async () => {
    const { db, n1, n2 } = await seed();
    const hits = await searchNotes(db, 'hee');
    expect(hits.map((h) => h.note.id)).toEqual([n2.id, n1.id]);
    expect(hits[0]!.note).not.toHaveProperty('words');
    expect(await searchNotes(db, 'eel')).toEqual([]); // inside a word: no
    expect(await searchNotes(db, '')).toEqual([]);
    expect(await searchNotes(db, '  ,. ')).toEqual([]);
  });

  it('requires every word', async () => {
    const { db, n1 } = await seed();
    expect((await searchNotes(db, 'heel stock')).map((h) => h.note.id)).toEqual([n1.id]);
    expect(await searchNotes(db, 'heel torchlight')).toEqual([]);
  });

  it('searches titles too', async () => {
    const { db, n2 } = await seed();
    expect((await searchNotes(db, 'dessert')).map((h) => h.note.id)).toEqual([n2.id]);
  });

  it('ignores accents and case both ways', async () => {
    const { db, n2 } = await seed();
    expect((await searchNotes(db, 'creme')).map((h) => h.note.id)).toEqual([n2.id]);
    expect((await searchNotes(db, 'BRÛL')).map((h) => h.note.id)).toEqual([n2.id]);
    expect((await searchNotes(db, 'Crème')).map((h) => h.note.id)).toEqual([n2.id]);
  });

  it('finds Japanese by characters and phrases', async () => {
    const { db, n3 } = await seed();
    expect((await searchNotes(db, '東京タワー')).map((h) => h.note.id)).toEqual([n3.id]);
    expect((await searchNotes(db, '猫')).map((h) => h.note.id)).toEqual([n3.id]);
    expect((await searchNotes(db, 'カフェ')).map((h) => h.note.id)).toEqual([n3.id]);
    expect((await searchNotes(db, 'メモ')).map((h) => h.note.id)).toEqual([n3.id]); // title
    expect(await searchNotes(db, '大阪')).toEqual([]);
    const [hit] = await searchNotes(db, 'タワー');
    expect(hit!.excerpt).toContain('東京タワー');
  });

  it('gives an excerpt around the first match', async () => {
    const db = freshDb();
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(20)}Here the Crème anglaise begins, and ${'more text follows. '.repeat(20)}`;
    await saveNote(db, context(), long);
    const [hit] = await searchNotes(db, 'creme ang');
    expect(hit!.excerpt).toMatch(/^….*Here the Crème anglaise begins.*…$/);
    expect(hit!.excerpt.length).toBeLessThanOrEqual(170);
    expect(hit!.excerpt).not.toMatch(/\n/);
  });

  it('finds every word a longer query word starts, and words of one or two letters', async () => {
    const db = freshDb();
    const a = await saveNote(db, context({ url: 'https://a.example/1' }), 'Needles and a cable');
    await sleep(2);
    const b = await saveNote(db, context({ url: 'https://a.example/2' }), 'A needle, a hook');
    await sleep(2);
    const c = await saveNote(db, context({ url: 'https://a.example/3' }), 'Needlepoint is not knitting: xq test');
    const ids = async (q: string, tuning?: Partial<SearchTuning>) =>
      (await searchNotes(db, q, 20, { ...SEARCH_TUNING, ...tuning })).map((h) => h.note.id);
    for (const tuning of [{}, { expansions: 0 }, { expansions: 0, rowCost: 0 }, { indexRowCost: 0 }, { indexRowCost: 1e9 }]) {
      expect(await ids('needle', tuning)).toEqual([c.id, b.id, a.id]);
      expect(await ids('needles', tuning)).toEqual([a.id]);
      expect(await ids('needlep', tuning)).toEqual([c.id]);
      expect(await ids('ne', tuning)).toEqual([c.id, b.id, a.id]);
      expect(await ids('a hook', tuning)).toEqual([b.id]);
      expect(await ids('is xq', tuning)).toEqual([c.id]);
      expect(await ids('x', tuning)).toEqual([c.id]);
      expect(await ids('needlework', tuning)).toEqual([]);
      expect(await ids('zz', tuning)).toEqual([]);
    }
  });

  it('keeps the search rows in step with the notes', async () => {
    const db = freshDb();
    const inStep = async () => {
      const notes = await db.notes.toArray();
      const byKey = (x: SearchRow, y: SearchRow) => x.rank - y.rank || (x.id < y.id ? -1 : 1);
      expect((await db.search.toArray()).sort(byKey)).toEqual(notes.map(searchRow).sort(byKey));
    };
    const first = await saveNote(db, context(), 'Hydration of the dough');
    await inStep();
    await sleep(2);
    await saveNote(db, context(), 'Autolyse first'); // a new time: the old row goes
    await inStep();
    expect(await searchNotes(db, 'hydr')).toEqual([]);
    await saveNote(db, context(), '   '); // emptied: deleted
    await inStep();
    expect(await db.search.count()).toBe(0);

    const other = await saveNote(db, context({ url: 'https://a.example/other' }), 'Other page');
    const deleted = await deleteNote(db, other.id);
    await inStep();
    await restoreNote(db, deleted!);
    await inStep();
    // Restoring a note whose page got a new note meanwhile replaces that one.
    await deleteNote(db, other.id);
    await saveNote(db, context({ url: 'https://a.example/other' }), 'Written meanwhile');
    await restoreNote(db, deleted!);
    await inStep();
    expect((await searchNotes(db, 'page')).map((h) => h.note.id)).toEqual([other.id]);
    expect(await searchNotes(db, 'meanwhile')).toEqual([]);

    // Import: added (the first note was deleted), replaced by page (another id), added.
    const file = (notes: Note[]) => JSON.stringify({ format: 'nook-notes', version: 1, exportedAt: new Date().toISOString(), notes });
    const later = Date.now() + 1000;
    expect(
      await importNotes(
        db,
        file([
          { ...first, body: 'Imported hydration', updatedAt: later },
          { ...other, id: 'other-id', body: 'Imported other', updatedAt: later + 1 },
          { ...other, id: 'new', url: 'https://a.example/new', body: 'Imported new' },
        ]),
      ),
    ).toEqual({ added: 2, updated: 1, unchanged: 0 });
    await inStep();
    expect((await searchNotes(db, 'imported')).map((h) => h.note.id)).toEqual(['other-id', first.id, 'new']);
    // Updated by id: the note gets a new time, its old row goes.
    const [renewed] = await listNotes(db, { limit: 1 });
    expect(await importNotes(db, file([{ ...renewed!, body: 'Renewed', updatedAt: later + 2 }]))).toEqual({ added: 0, updated: 1, unchanged: 0 });
    await inStep();
    expect((await searchNotes(db, 'imported')).map((h) => h.note.id)).toEqual([first.id, 'new']);
    expect((await searchNotes(db, 'renewed')).map((h) => h.note.id)).toEqual(['other-id']);
  });

  it('walks past notes saved at the same time', async () => {
    const db = freshDb();
    const notes: Note[] = Array.from({ length: 50 }, (_, i) => ({
      id: `n${String(i).padStart(2, '0')}`,
      url: `https://a.example/${i}`,
      site: 'generic',
      community: 'a.example',
      kind: 'page',
      title: '',
      body: 'same time',
      createdAt: 5,
      updatedAt: 5,
    }));
    await store(db, notes);
    // Ties come in id order (the search table's key is [rank+id]).
    const all = notes.map((r) => r.id);
    const plans: Partial<SearchTuning>[] = [{}, { probe: 1 }, { probe: 1, rowCost: 0 }, { probe: 1, rowCost: 1e9, indexRowCost: 1e9 }, { indexRowCost: 0, batch: 1 }];
    for (const plan of plans) {
      const tuning = { ...SEARCH_TUNING, ...plan };
      expect((await searchNotes(db, 'same', 100, tuning)).map((h) => h.note.id)).toEqual(all);
      expect((await searchNotes(db, 'time', 20, tuning)).map((h) => h.note.id)).toEqual(all.slice(0, 20));
      expect((await searchNotes(db, 'same time', 100, tuning)).map((h) => h.note.id)).toEqual(all);
      expect((await searchNotes(db, 'sa ti', 7, tuning)).map((h) => h.note.id)).toEqual(all.slice(0, 7));
    }
  });

  it('honours the limit', async () => {
    const db = freshDb();
    for (let i = 0; i < 30; i++) await saveNote(db, context({ url: `https://a.example/${i}` }), `note number ${i}`);
    expect(await searchNotes(db, 'number')).toHaveLength(20);
    expect(await searchNotes(db, 'number', 5)).toHaveLength(5);
  });

  it('uses the index over 20,000 notes (every strategy answers the same)', async () => {
    const db = freshDb();
    const vocabulary = Array.from({ length: 2000 }, (_, i) => `word${i.toString(36)}`);
    const notes: Note[] = [];
    for (let i = 0; i < 20_000; i++) {
      const words = [vocabulary[i % 2000]!, vocabulary[(i * 7) % 2000]!, 'common', i % 2 ? 'half' : 'other'];
      if (i === 12_345) words.push('needle');
      notes.push({
        id: `n${i}`,
        url: `https://a.example/${i}`,
        site: 'generic',
        community: 'a.example',
        kind: 'page',
        title: '',
        body: words.join(' '),
        createdAt: i,
        updatedAt: i,
      });
    }
    await store(db, notes);

    const time = async (q: string, tuning?: SearchTuning) => {
      const t = performance.now();
      const hits = await searchNotes(db, q, 20, tuning);
      return { ms: performance.now() - t, ids: hits.map((h) => h.note.id) };
    };
    const rare = await time('needle');
    expect(rare.ids).toEqual(['n12345']);
    const few = await time('word1a common'); // "word1a" starts 37 words: a prefix checked on rows
    expect(few.ids.length).toBe(20);
    expect(few.ids.every((id) => indexTokens(notes[Number(id.slice(1))]!.body).some((w) => w.startsWith('word1a')))).toBe(true);
    expect(few.ids).toEqual([...few.ids].sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))));
    const some = await time('word1k common'); // few words: their postings
    expect(some.ids).toEqual(
      notes.filter((n) => n.body.split(' ').includes('word1k')).map((n) => n.id).reverse().slice(0, 20),
    );
    const many = await time('half common'); // both common
    expect(many.ids).toEqual(Array.from({ length: 20 }, (_, k) => `n${19_999 - 2 * k}`));
    const none = await time('needle half'); // n12345 is odd, so "half": one hit
    expect(none.ids).toEqual(['n12345']);
    const cut = await time('word1 word2'); // both prefixes of many words
    expect(cut.ids.length).toBe(20);
    // The same answers from every plan.
    const plans: Partial<SearchTuning>[] = [
      { probe: 1 }, // tiny first reads
      { probe: 1_000 },
      { expansions: 0 }, // long words checked on rows: their prefixes drive
      { expansions: 1_000 }, // ... or every word they start
      { rowCost: 0 }, // candidates checked on rows
      { rowCost: 1e9 }, // ... or on keys whenever possible
      { indexRowCost: 0 }, // the driver's rows
      { indexRowCost: 1e9, probe: 4, batch: 1 }, // ... never, in small batches
      { sample: 1, requestCost: 0 }, // poor estimates
    ];
    for (const plan of plans) {
      for (const { q, ids } of [
        { q: 'needle', ids: rare.ids },
        { q: 'word1a common', ids: few.ids },
        { q: 'word1k common', ids: some.ids },
        { q: 'half common', ids: many.ids },
        { q: 'needle half', ids: none.ids },
        { q: 'word1 word2', ids: cut.ids },
      ]) {
        expect((await time(q, { ...SEARCH_TUNING, ...plan })).ids, `${q} ${JSON.stringify(plan)}`).toEqual(ids);
      }
    }
    console.info(
      `search over 20,000 notes in fake-indexeddb: rare ${rare.ms.toFixed(1)} ms, prefix ${few.ms.toFixed(1)} ms, ` +
        `some ${some.ms.toFixed(1)} ms, many ${many.ms.toFixed(1)} ms, two words ${none.ms.toFixed(1)} ms`,
    );
  });

  it('answers as a scan of every note would, whatever the plan', async () => {
    // Random notes over a small alphabet, so words share prefixes at every length.
    const rand = prng(42);
    const syllables = ['ka', 'ke', 'ko', 'sa', 'su', 'ta', 'to', 'n', 'ré', 'Ka'];
    const wordOf = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => syllables[Math.floor(rand() * syllables.length)]).join('');
    const db = freshDb();
    const notes: Note[] = Array.from({ length: 1500 }, (_, i) => ({
      id: `id${Math.floor(rand() * 1e9).toString(36)}${i}`,
      url: `https://a.example/${i}`,
      site: 'generic',
      community: 'a.example',
      kind: 'page',
      title: rand() < 0.3 ? wordOf() : '',
      body: Array.from({ length: 1 + Math.floor(rand() * 12) }, wordOf).join(' ') + (rand() < 0.05 ? ' 東京タワー' : ''),
      createdAt: 0,
      updatedAt: Math.floor(rand() * 400), // many ties
    }));
    await store(db, notes);
    const tokens = new Map(notes.map((n) => [n.id, indexTokens(`${n.title}\n${n.body}`)]));
    const expected = (q: string, limit: number) =>
      notes
        .filter((n) => queryTerms(q).every((t) => tokens.get(n.id)!.some((w) => w.startsWith(t.text))))
        .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
        .map((n) => n.id);
    const queries = ['k', 'ka', 'kak', 'kaka', 'kakas', 'kakasaton', 'ré', 'ресурс', 'sa to', 'n ko', 'kasu tare', 'tatata kosa', 'toto n ka', '東京', 'タ', 'kon 東京', 'kakakakaka', 'zz'];
    for (let i = 0; i < 12; i++) queries.push(`${wordOf()} ${wordOf().slice(0, 3)}`);
    const plans: Partial<SearchTuning>[] = [
      {},
      { probe: 1 },
      { expansions: 0 },
      { expansions: 2, probe: 3 },
      { rowCost: 0 },
      { rowCost: 1e9, indexRowCost: 1e9 },
      { indexRowCost: 0 },
      { indexRowCost: 1e9, keyCost: 0, requestCost: 0, batch: 1 },
      { batch: 1, sample: 1 },
    ];
    for (const q of queries) {
      for (const limit of [1, 20, 400]) {
        const want = expected(q, limit);
        for (const plan of plans) {
          const got = (await searchNotes(db, q, limit, { ...SEARCH_TUNING, ...plan })).map((h) => h.note.id);
          expect(got, `${q} limit ${limit} ${JSON.stringify(plan)}`).toEqual(want);
        }
      }
    }
  });
});

describe('excerpt', () => {
  it('starts at the beginning when the match is near it or in the title only', () => {
    const terms = queryTerms('quick');
    expect(excerpt('The quick brown fox', terms)).toBe('The quick brown fox');
    expect(excerpt('Nothing here', queryTerms('absent'))).toBe('Nothing here');
  });

  it('finds a match past the first chunk of a long body', () => {
    const body = `${'x '.repeat(5000)}Zürich is found`;
    expect(excerpt(body, queryTerms('zurich'))).toMatch(/^…(x )*Zürich is found$/);
  });
});
