import { mulberry32 } from './random';
import type { CohortMember } from './types';

/**
 * A seeded, realistic population for the tests and the benchmark (not for production): time
 * zones weighted roughly by where internet users live (DST zones, half- and quarter-hour
 * offsets included), and interests from 40 topics in 8 themes. A member mostly follows one
 * theme, as people do (sourdough goes with fermentation), themes and topics are Zipf-skewed,
 * and spellings vary in case and spacing as typed into an intro.
 */

/** [zone, weight ≈ millions of internet users; China's scaled down, where many services are out of reach]. */
export const ZONES: readonly (readonly [string, number])[] = [
  ['Asia/Shanghai', 300], ['Asia/Kolkata', 450], ['America/New_York', 130], ['America/Chicago', 80], ['America/Denver', 25],
  ['America/Los_Angeles', 80], ['America/Sao_Paulo', 160], ['America/Mexico_City', 100], ['America/Bogota', 40],
  ['America/Argentina/Buenos_Aires', 40], ['Europe/London', 65], ['Europe/Paris', 60], ['Europe/Berlin', 75], ['Europe/Madrid', 45],
  ['Europe/Rome', 50], ['Europe/Moscow', 120], ['Europe/Istanbul', 70], ['Africa/Lagos', 110], ['Africa/Cairo', 75],
  ['Africa/Nairobi', 25], ['Africa/Johannesburg', 40], ['Asia/Karachi', 90], ['Asia/Dhaka', 70], ['Asia/Kathmandu', 15],
  ['Asia/Jakarta', 200], ['Asia/Manila', 80], ['Asia/Bangkok', 60], ['Asia/Tokyo', 115], ['Asia/Seoul', 50],
  ['Australia/Sydney', 15], ['Australia/Adelaide', 2], ['Pacific/Auckland', 5],
];

const THEMES: readonly string[][] = [
  ['Sourdough', 'Fermentation', 'Vegan cooking', 'Coffee', 'Baking'],
  ['Running', 'Cycling', 'Yoga', 'Climbing', 'Swimming'],
  ['Watercolour', 'Sketching', 'Photography', 'Calligraphy', 'Pottery'],
  ['Guitar', 'Piano', 'Music theory', 'Singing', 'Songwriting'],
  ['TypeScript', 'Rust', 'Machine learning', 'Open source', 'Game dev'],
  ['Gardening', 'Birdwatching', 'Hiking', 'Foraging', 'Beekeeping'],
  ['Spanish', 'Japanese', 'French', 'Language exchange', 'Travel'],
  ['Chess', 'Board games', 'Poetry', 'Sci-fi books', 'Writing'],
];
export const TOPICS: readonly string[] = THEMES.flat();

function weighted<T>(items: readonly T[], weights: readonly number[], rand: () => number): T {
  let total = 0;
  for (const w of weights) total += w;
  let x = rand() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const zipf = (n: number, s = 1) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

const retype = (topic: string, rand: () => number): string => {
  const r = rand();
  return r < 0.15 ? topic.toLowerCase() : r < 0.2 ? ` ${topic} ` : r < 0.23 ? topic.toUpperCase() : topic;
};

export function syntheticMembers(n: number, seed: number): CohortMember[] {
  const rand = mulberry32(seed);
  const zoneNames = ZONES.map(([z]) => z);
  const zoneWeights = ZONES.map(([, w]) => w);
  const themeWeights = zipf(THEMES.length, 0.8);
  const topicWeights = zipf(TOPICS.length, 1);
  const withinTheme = zipf(5, 0.7);
  const members: CohortMember[] = [];
  for (let i = 0; i < n; i++) {
    const theme = weighted(THEMES, themeWeights, rand);
    // 5% skip interests; the rest name 1 to 6.
    const count = rand() < 0.05 ? 0 : 1 + Math.floor(rand() * 6);
    const chosen = new Set<string>();
    for (let tries = 0; chosen.size < count && tries < 50; tries++) {
      chosen.add(rand() < 0.7 ? weighted(theme, withinTheme, rand) : weighted(TOPICS, topicWeights, rand));
    }
    members.push({ id: `m${i}`, interests: [...chosen].map((t) => retype(t, rand)), timeZone: weighted(zoneNames, zoneWeights, rand) });
  }
  return members;
}
