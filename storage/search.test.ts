import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NoteRow } from './db';
import { excerpt } from './excerpt';
import { saveNote } from './notes';
import { SEARCH_TUNING, type SearchTuning, searchNotes } from './search';
import { context, dropDbs, freshDb } from './test-helpers';
import { indexTokens, queryTerms } from './tokenize';

afterEach(dropDbs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  it('walks past notes saved at the same time', async () => {
    const db = freshDb();
    const rows: NoteRow[] = Array.from({ length: 50 }, (_, i) => ({
      id: `n${String(i).padStart(2, '0')}`,
      url: `https://a.example/${i}`,
      site: 'generic',
      community: 'a.example',
      kind: 'page',
      title: '',
      body: 'same time',
      createdAt: 5,
      updatedAt: 5,
      words: ['same', 'time'],
    }));
    await db.notes.bulkAdd(rows);
    const walk = { ...SEARCH_TUNING, probe: 0, firstPage: 4 };
    const all = (await searchNotes(db, 'same', 100, walk)).map((h) => h.note.id);
    expect(all).toEqual(rows.map((r) => r.id).reverse());
    expect((await searchNotes(db, 'time', 20, walk)).map((h) => h.note.id)).toEqual(all.slice(0, 20));
    for (const plan of [
      { walkBudget: 10 },
      { walkBudget: 10, fetchLimit: 0 },
      { walkBudget: 0, fetchLimit: 0 },
      { walkBudget: 0, fetchLimit: 0, firstPage: 1, keyWalkLimit: 16 },
    ]) {
      expect((await searchNotes(db, 'same time', 100, { ...walk, ...plan })).map((h) => h.note.id)).toEqual(all);
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
    const rows: NoteRow[] = [];
    for (let i = 0; i < 20_000; i++) {
      const words = [vocabulary[i % 2000]!, vocabulary[(i * 7) % 2000]!, 'common', i % 2 ? 'half' : 'other'];
      if (i === 12_345) words.push('needle');
      const body = words.join(' ');
      rows.push({
        id: `n${i}`,
        url: `https://a.example/${i}`,
        site: 'generic',
        community: 'a.example',
        kind: 'page',
        title: '',
        body,
        createdAt: i,
        updatedAt: i,
        words: indexTokens(body),
      });
    }
    await db.notes.bulkAdd(rows);

    const time = async (q: string, tuning?: SearchTuning) => {
      const t = performance.now();
      const hits = await searchNotes(db, q, 20, tuning);
      return { ms: performance.now() - t, ids: hits.map((h) => h.note.id) };
    };
    const rare = await time('needle');
    expect(rare.ids).toEqual(['n12345']);
    const few = await time('word1a common'); // a few hundred candidates: walk ids newest first
    expect(few.ids.length).toBeGreaterThan(0);
    expect(few.ids.every((id) => rows[Number(id.slice(1))]!.words.some((w) => w.startsWith('word1a')))).toBe(true);
    expect(few.ids).toEqual([...few.ids].sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))));
    const many = await time('half common'); // both common: walk notes newest first
    expect(many.ids).toEqual(Array.from({ length: 20 }, (_, k) => `n${19_999 - 2 * k}`));
    const none = await time('needle half'); // n12345 is odd, so "half": one hit
    expect(none.ids).toEqual(['n12345']);
    // The same answers from every plan.
    const plans: Partial<SearchTuning>[] = [
      { probe: 0 }, // no term rare: walk notes newest first, then ids of the term met least
      { probe: 0, firstPage: 1 }, // ... in small pages
      { probe: 0, walkBudget: 100_000 }, // ... walking every note
      { probe: 0, walkBudget: 0 }, // ... no walk: two terms' ids, then walk ids newest first
      { probe: 0, walkBudget: 0, fetchLimit: 100_000 }, // ... or read them all
      { probe: 100_000, fetchLimit: 100_000 }, // every term rare: read every candidate and sort
      { probe: 100_000, fetchLimit: 0 }, // ... or walk ids newest first
      { probe: 100_000, fetchLimit: 0, firstPage: 1, keyWalkLimit: 64 }, // ... and read the older ones
    ];
    for (const plan of plans) {
      for (const { q, ids } of [
        { q: 'needle', ids: rare.ids },
        { q: 'word1a common', ids: few.ids },
        { q: 'half common', ids: many.ids },
        { q: 'needle half', ids: none.ids },
      ]) {
        expect((await time(q, { ...SEARCH_TUNING, ...plan })).ids, `${q} ${JSON.stringify(plan)}`).toEqual(ids);
      }
    }
    console.info(
      `search over 20,000 notes in fake-indexeddb: rare ${rare.ms.toFixed(1)} ms, some ${few.ms.toFixed(1)} ms, ` +
        `many ${many.ms.toFixed(1)} ms, two words ${none.ms.toFixed(1)} ms`,
    );
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
