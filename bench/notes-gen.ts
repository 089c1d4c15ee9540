import type { Note } from '../types/local';
import { mulberry32 } from '../protocol/cohorts/random';

/**
 * Realistic, varied and reproducible notes for the benchmarks: the same seed gives the same
 * notes on every machine. Word frequencies follow Zipf's law over a vocabulary of a few
 * thousand words (function words, the words of ten hobbies, words with diacritics, a long
 * tail of rarer made-up words), with some Japanese, as members' notes would have.
 */

/** Mulberry32: small, fast, good enough for test data (the cohorts' own, protocol/cohorts/random.ts). */
export const prng = mulberry32;

const STOP = (
  'the and to a of i it in is my that for this was with but on not so you have just be at if ' +
  'or as after more time when about next what how than then too still out up do get one all ' +
  'it’s can’t don’t will would could should really much very some any also only like try ' +
  'again before first last day week each into from by'
).split(' ');

interface Topic {
  words: string[];
  communities: { site: Note['site']; community: string; kind: Note['kind']; url: (n: string, slug: string) => string }[];
}

const reddit = (sub: string) => ({
  site: 'reddit' as const,
  community: `r/${sub}`,
  kind: 'thread' as const,
  url: (n: string, slug: string) => `https://www.reddit.com/r/${sub}/comments/${n}/${slug}/`,
});

const TOPICS: Topic[] = [
  {
    words: 'sourdough starter levain hydration proof crumb crust flour rye wholemeal autolyse banneton dough oven steam bulk ferment fermentation shaping scoring lame dense gummy tangy loaf bake baking overnight fridge temperature water salt gluten stretch fold coil windowpane rise oven-spring dutch poolish biga focaccia ciabatta baguette'.split(' '),
    communities: [reddit('Sourdough'), reddit('Breadit'), reddit('Baking')],
  },
  {
    words: 'croissant lamination butter block turns viennoiserie brioche pastry puff danish proofing honeycomb layers rolling chilled kouign-amann pain chocolat feuilletage détrempe beurrage'.split(' '),
    communities: [
      { site: 'patreon', community: 'Tomás Bakes', kind: 'post', url: (n, slug) => `https://www.patreon.com/posts/${slug}-${n}` },
      { site: 'patreon', community: 'Crème de la Crumb', kind: 'post', url: (n, slug) => `https://www.patreon.com/posts/${slug}-${n}` },
    ],
  },
  {
    words: 'yarn needle needles purl knit stitch stitches cable gauge swatch skein merino mohair cast bind row rows pattern sweater sock heel gusset ribbing blocking tension circular colorwork fair-isle intarsia frogging'.split(' '),
    communities: [reddit('knitting'), reddit('YarnAddicts'), reddit('crochet')],
  },
  {
    words: 'barre chord chords fret frets capo strum strumming fingerstyle buzz action intonation string strings pick scale scales pentatonic metronome tempo rhythm riff tab tabs tuning nut saddle truss neck amp'.split(' '),
    communities: [reddit('learnguitar'), reddit('Guitar'), reddit('guitarlessons')],
  },
  {
    words: 'marathon tempo cadence heart rate zone easy long run runs mileage taper interval intervals threshold recovery shoes splits pace fueling gels hydration blister stride hills aerobic base vo2max'.split(' '),
    communities: [
      reddit('running'),
      reddit('AdvancedRunning'),
      { site: 'thinkific', community: 'Marathon Base Building', kind: 'lesson', url: (n, slug) => `https://stridecoach.thinkific.com/courses/take/marathon-base-building/lessons/${n}-${slug}` },
    ],
  },
  {
    words: 'watercolor wash washes pigment granulation glazing wet bloom cauliflower palette brush brushes paper cotton sizing masking fluid ultramarine sienna ochre gradient layering lifting salt sketch'.split(' '),
    communities: [
      reddit('Watercolor'),
      { site: 'kajabi', community: 'Watercolor Foundations', kind: 'lesson', url: (n) => `https://lunastudio.mykajabi.com/products/watercolor-foundations/categories/2157420188/posts/${n}` },
    ],
  },
  {
    words: 'python pandas dataframe groupby aggregate merge join index column columns series numpy plot matplotlib notebook jupyter csv parquet dtype apply lambda pivot query filter null nan regex'.split(' '),
    communities: [
      reddit('learnpython'),
      reddit('datascience'),
      { site: 'teachable', community: 'Python for Data Analysis', kind: 'lesson', url: (n) => `https://datadojo.teachable.com/courses/enrolled/2318841/lectures/${n}` },
    ],
  },
  {
    words: 'spanish verb verbs conjugation subjunctive preterite imperfect vocabulary pronunciation mañana niño canción pequeño también cómo está adiós gracias ordering menu cuenta propina tapas'.split(' '),
    communities: [
      reddit('Spanish'),
      { site: 'udemy', community: 'Spanish for Travelers: Speak From Day One', kind: 'lesson', url: (n) => `https://www.udemy.com/course/spanish-for-travelers/learn/lecture/${n}` },
    ],
  },
  {
    words: 'aperture shutter iso exposure bokeh portrait window light reflector lens prime focal length raw lightroom histogram white balance golden hour backlight catchlight diffuser'.split(' '),
    communities: [
      reddit('photography'),
      { site: 'podia', community: 'Portrait Photography 101', kind: 'lesson', url: (n, slug) => `https://lenslight.podia.com/view/courses/portrait-photography-101/2214097-natural-light/${n}-${slug}` },
    ],
  },
  {
    words: 'sprite shader collider godot unity unreal scope prototype playtest jam level design tilemap physics input animation state machine pixel art steam wishlist devlog build release'.split(' '),
    communities: [
      reddit('gamedev'),
      reddit('godot'),
      { site: 'skool', community: 'Indie Game Devs', kind: 'lesson', url: (n) => `https://www.skool.com/indie-game-devs/classroom/${n}` },
    ],
  },
];

const DIACRITICS =
  'crème brûlée façade naïve jalapeño über Kraków São Paulo smörgåsbord piñata résumé déjà vu café crêpe pâte feuilletée Müller Zürich Ærø Łódź señor garçon coöperate rosé soufflé fiancée'.split(
    ' ',
  );

const JAPANESE = [
  '天然酵母のパンは発酵時間が長い',
  '今日の練習メモ：コード進行を覚える',
  '水彩画のにじみがきれいにできた',
  'クロワッサンの折り込みは三回',
  'マラソンの練習はゆっくり走る',
  'パンダスでデータを集計する',
];

/** Words that occur in about one note in 100,000 (20,000 notes hold one of them). */
const RARE_POOL = 20_000;

/** Made-up words for the long tail: pronounceable, distinct, deterministic. */
function tailWords(n: number, rand: () => number): string[] {
  const onsets = ['b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'qu', 'r', 's', 'sh', 'st', 't', 'tr', 'v', 'w', 'z'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
  const codas = ['', 'n', 'r', 'l', 'm', 's', 'st', 'nd', 'rk', 'x', 'th', 'ck'];
  const out = new Set<string>();
  while (out.size < n) {
    const syllables = 2 + Math.floor(rand() * 2);
    let w = '';
    for (let i = 0; i < syllables; i++) {
      w += onsets[Math.floor(rand() * onsets.length)]! + vowels[Math.floor(rand() * vowels.length)]!;
    }
    w += codas[Math.floor(rand() * codas.length)]!;
    out.add(w);
  }
  return [...out];
}

/** Picks an index in [0, n) with probability ∝ 1 / (rank + 1 + q)^s (Zipf–Mandelbrot). */
function zipf(n: number, s: number, rand: () => number, q = 0): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1 + q, s);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface Corpus {
  notes: Note[];
  /** The words notes are written with, most frequent first (by construction). */
  vocabulary: string[];
  /** Words that occur in a note or two (names, places, codes). */
  rare: string[];
  /** How many notes hold each vocabulary word (lower-cased, as written). */
  docFreq: Map<string, number>;
  japanese: string[];
  diacritics: string[];
}

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60) || 'note';

/** `count` notes from `seed`. The first n notes of a larger corpus are the notes of a smaller one. */
export function generateNotes(count: number, seed = 20250101): Corpus {
  const rand = prng(seed);
  const made = tailWords(2600 + RARE_POOL, prng(seed ^ 0x9e3779b9));
  const tail = made.slice(0, 2600);
  const rare = made.slice(2600);
  // Global ranking: the hobbies' words taken in turn, words with diacritics among them, then the long tail.
  const topicWords: string[] = [];
  for (let k = 0; topicWords.length < TOPICS.reduce((n, t) => n + t.words.length, 0); k++) {
    for (const t of TOPICS) if (k < t.words.length) topicWords.push(t.words[k]!);
  }
  const ranked = [...topicWords.slice(0, 60), ...DIACRITICS, ...topicWords.slice(60), ...tail];
  const global = [...new Set(ranked)];
  const vocabulary = [...new Set([...STOP, ...global])];
  const pickGlobal = zipf(global.length, 1.1, rand, 30);
  const pickStop = zipf(STOP.length, 0.9, rand);
  const pickTopic = TOPICS.map((t) => zipf(t.words.length, 0.8, rand));
  const pickTopicIndex = zipf(TOPICS.length, 0.6, rand);
  const docFreq = new Map<string, number>();
  const EPOCH = Date.UTC(2025, 6, 1);
  const YEAR = 365 * 24 * 3600 * 1000;

  const notes: Note[] = [];
  for (let i = 0; i < count; i++) {
    const ti = pickTopicIndex();
    const topic = TOPICS[ti]!;
    const used = new Set<string>();
    const word = (): string => {
      const r = rand();
      const w = r < 0.38 ? STOP[pickStop()]! : r < 0.7 ? topic.words[pickTopic[ti]!()]! : global[pickGlobal()]!;
      used.add(w.toLowerCase());
      return w;
    };
    const sentence = (min: number, max: number): string => {
      const n = min + Math.floor(rand() * (max - min + 1));
      const ws = Array.from({ length: n }, word);
      if (rand() < 0.15) ws.splice(Math.floor(rand() * ws.length), 0, `${Math.floor(rand() * 100)}%`);
      if (rand() < 0.1) {
        const k = Math.floor(rand() * ws.length);
        ws[k] = `**${ws[k]}**`;
      }
      const s = ws.join(' ');
      return s.charAt(0).toUpperCase() + s.slice(1) + (rand() < 0.12 ? '?' : '.');
    };
    const titleWords = Array.from({ length: 4 + Math.floor(rand() * 7) }, word).join(' ');
    const title = titleWords.charAt(0).toUpperCase() + titleWords.slice(1) + (rand() < 0.3 ? '?' : '');
    const long = rand() < 0.08;
    const sentences = long ? 12 + Math.floor(rand() * 30) : 1 + Math.floor(rand() * 6);
    const lines: string[] = [];
    for (let k = 0; k < sentences; k++) {
      const s = sentence(5, 16);
      lines.push(rand() < 0.15 ? `- ${s}` : s);
    }
    if (rand() < 0.2) {
      // Names, places, codes: words that occur in a note or two.
      const w = rare[Math.floor(rand() * rare.length)]!;
      const k = Math.floor(rand() * lines.length);
      lines[k] = `${lines[k]} ${w.charAt(0).toUpperCase()}${w.slice(1)}.`;
      used.add(w);
    }
    if (rand() < 0.03) {
      const jp = JAPANESE[Math.floor(rand() * JAPANESE.length)]!;
      lines.splice(Math.floor(rand() * lines.length), 0, jp);
      used.add(jp);
    }
    for (const w of used) docFreq.set(w, (docFreq.get(w) ?? 0) + 1);

    const community = topic.communities[Math.floor(rand() * topic.communities.length)]!;
    const n = (1_000_000 + i).toString(community.site === 'reddit' ? 36 : 10);
    const createdAt = EPOCH - Math.floor(rand() * 3 * YEAR);
    const hex = (k: number) => Math.floor(rand() * 16 ** k).toString(16).padStart(k, '0');
    notes.push({
      id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${i.toString(16).padStart(12, '0')}`,
      url: community.url(n, slugOf(title)),
      site: community.site,
      community: community.community,
      kind: community.kind,
      title,
      body: lines.join('\n'),
      createdAt,
      updatedAt: createdAt + Math.floor(rand() * 30 * 24 * 3600 * 1000),
    });
  }
  return { notes, vocabulary, rare, docFreq, japanese: JAPANESE, diacritics: DIACRITICS };
}

/** The import file format of storage/transfer.ts. */
export const notesFile = (notes: Note[]): string =>
  JSON.stringify({ format: 'nook-notes', version: 1, exportedAt: new Date(Date.UTC(2025, 6, 1)).toISOString(), notes });
