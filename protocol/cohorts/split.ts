import { Capacity, cohortCount } from './capacity';
import { MINUTES_PER_DAY, type Prepared, prepare } from './features';
import { mulberry32 } from './random';
import { scoreGroups } from './score';
import { improveBySwaps } from './swaps';
import type { CohortMember, CohortOptions, CohortProposal } from './types';

export { greedyCohorts, randomCohorts } from './baselines';
export { scoreCohorts } from './score';

/**
 * Splits a community into cohorts of at most `size` members who share interests and are a few
 * hours apart. No npm package does balanced (size-capped) clustering, so this is a small one:
 *
 * 1. Features: each member's interests (normalised: lower-case, trimmed, deduplicated) as a
 *    vector of unit length, so naming six interests weighs as much as naming one, plus the UTC
 *    offset at `at` as a point (cos, sin) on the 24-hour circle, so UTC+13 and UTC-10 are
 *    neighbours. The offset is scaled by ZONE_WEIGHT (3): having no interest in common weighs
 *    about as much as being 2 hours apart. Zones come first, since a cohort that cannot meet
 *    does not work, and interests decide within a region; on the benchmark's population,
 *    raising the weight from 1 to 3 cost 0.3% of the shared interests and took the median
 *    spread from 2 hours to under half an hour. A member without interests is placed by zone
 *    alone (their distance to a centre leaves the interests out).
 * 2. k = ceil(n / size) centres, seeded by k-means++ (each next centre drawn with probability
 *    proportional to its squared distance from the nearest centre so far, with a seeded
 *    mulberry32: the same seed gives the same proposal), which spreads the centres over the
 *    population instead of clumping them where most members are.
 * 3. Greedy assignment under the size cap, hardest first: members whose best centre beats their
 *    second best by most go first, so those with one good home get it before it fills, and
 *    members who fit anywhere take the seats left. Sizes are as even as possible (capacity.ts).
 *    Then cycles of moves between cohorts while they lower the total distance (cancelCycles),
 *    for the few members greedy sent far away once the seats near them were taken: on the
 *    benchmark's population this took the worst cohort's spread from about 12 hours to 4.
 * 4. A few rounds of re-centring (each centre moves to its members' mean) and assigning again,
 *    until nothing moves.
 * 5. Pairwise swaps between neighbouring cohorts (the nearest centres) while a swap raises the
 *    score that the owner sees (score.ts), for a bounded number of passes: k-means minimises
 *    distances, a proxy; the swaps optimise the score itself. Bounded, so 2,000 members take a
 *    fraction of a second.
 */
export const METHOD = 'kmeans++ capped-greedy cycles swaps v1';

const ZONE_WEIGHT = 3;
const ROUNDS = 6;
/**
 * Swaps are tried with the members of the nearest cohorts, about SWAP_CANDIDATES members in
 * all (8 cohorts of 25, 3 of 100): a pass costs about n × SWAP_CANDIDATES steps whatever the size.
 */
const SWAP_CANDIDATES = 240;
const swapNeighbours = (size: number) => Math.min(8, Math.max(2, Math.ceil(SWAP_CANDIDATES / size)));
const CYCLE_NEIGHBOURS = 24;
const SWAP_PASSES = 6;
/** Enough for the leftovers of greedy (each cycle fixes one), bounded so a pathological input stays fast. */
const MAX_CYCLES = 400;
const MAX_RELAXATIONS = 50_000_000;
const CYCLE_EPSILON = 1e-9;

interface Space {
  n: number;
  /** Vocabulary size: centres hold D interest weights, then the zone's cos and sin. */
  d: number;
  /** 1 / sqrt(interest count), or 0 for a member without interests. */
  unit: Float64Array;
  cos: Float64Array;
  sin: Float64Array;
}

function space(p: Prepared): Space {
  const n = p.ids.length;
  const s: Space = { n, d: p.labels.length, unit: new Float64Array(n), cos: new Float64Array(n), sin: new Float64Array(n) };
  for (let m = 0; m < n; m++) {
    const count = p.interests[m]!.length;
    s.unit[m] = count > 0 ? 1 / Math.sqrt(count) : 0;
    const angle = (2 * Math.PI * p.offsets[m]!) / MINUTES_PER_DAY;
    s.cos[m] = ZONE_WEIGHT * Math.cos(angle);
    s.sin[m] = ZONE_WEIGHT * Math.sin(angle);
  }
  return s;
}

interface Centre {
  interests: Float64Array;
  norm2: number;
  cos: number;
  sin: number;
}

/** Squared distance from member m to a centre. */
function distance(p: Prepared, s: Space, m: number, c: Centre): number {
  const dc = s.cos[m]! - c.cos;
  const ds = s.sin[m]! - c.sin;
  const zone = dc * dc + ds * ds;
  const own = p.interests[m]!;
  if (own.length === 0) return zone;
  let dot = 0;
  for (const i of own) dot += c.interests[i]!;
  return zone + 1 + c.norm2 - 2 * s.unit[m]! * dot;
}

function centreAt(p: Prepared, s: Space, m: number): Centre {
  const interests = new Float64Array(s.d);
  for (const i of p.interests[m]!) interests[i] = s.unit[m]!;
  return { interests, norm2: p.interests[m]!.length > 0 ? 1 : 0, cos: s.cos[m]!, sin: s.sin[m]! };
}

function seedCentres(p: Prepared, s: Space, k: number, rand: () => number): Centre[] {
  const centres = [centreAt(p, s, Math.floor(rand() * s.n))];
  const nearest = new Float64Array(s.n).fill(Infinity);
  while (centres.length < k) {
    const last = centres[centres.length - 1]!;
    let total = 0;
    for (let m = 0; m < s.n; m++) {
      nearest[m] = Math.min(nearest[m]!, Math.max(0, distance(p, s, m, last)));
      total += nearest[m]!;
    }
    let pick = s.n - 1;
    if (total > 0) {
      let x = rand() * total;
      for (let m = 0; m < s.n; m++) {
        x -= nearest[m]!;
        if (x < 0) {
          pick = m;
          break;
        }
      }
    } else {
      // Everyone sits on a centre already (identical members): any will do.
      pick = Math.floor(rand() * s.n);
    }
    centres.push(centreAt(p, s, pick));
  }
  return centres;
}

/** Step 3: hardest first, each to the nearest centre with a seat left. */
function assign(p: Prepared, s: Space, centres: Centre[]): Int32Array {
  const k = centres.length;
  const dist = new Float64Array(s.n * k);
  const regret = new Float64Array(s.n);
  for (let m = 0; m < s.n; m++) {
    let best = Infinity;
    let second = Infinity;
    for (let c = 0; c < k; c++) {
      const d = distance(p, s, m, centres[c]!);
      dist[m * k + c] = d;
      if (d < best) {
        second = best;
        best = d;
      } else if (d < second) second = d;
    }
    regret[m] = k > 1 ? second - best : 0;
  }
  const order = Array.from({ length: s.n }, (_, m) => m).sort((a, b) => regret[b]! - regret[a]! || a - b);
  const cap = new Capacity(s.n, k);
  const out = new Int32Array(s.n);
  for (const m of order) {
    let best = -1;
    for (let c = 0; c < k; c++) if (cap.room(c) && (best < 0 || dist[m * k + c]! < dist[m * k + best]!)) best = c;
    cap.take(best);
    out[m] = best;
  }
  cancelCycles(dist, out, neighboursOf(centres, CYCLE_NEIGHBOURS));
  return out;
}

/**
 * Step 3b: greedy leaves some members far from home once the seats near them are taken (the
 * last of a zone placed across the world). Moving members around a cycle of cohorts (A's to
 * B, B's to C, C's to A) keeps every size; while some cycle lowers the total distance, apply
 * it (Bellman-Ford on the cohorts, an edge A→B costing the cheapest move of one of A's members
 * to B). With no such cycle left the assignment is the best one for these centres under the
 * sizes (a transportation problem), which greedy alone is not. Edges join each cohort to its
 * CYCLE_NEIGHBOURS nearest only (a cycle through near cohorts carries a member as far as it
 * must), and the relaxations are counted and bounded, so thousands of tiny cohorts stay fast.
 * With 12 nearest the worst spread on the benchmark's population doubled; 24 is as good as all.
 */
function cancelCycles(dist: Float64Array, of: Int32Array, near: number[][]): void {
  const k = near.length;
  if (k < 2) return;
  const members: number[][] = Array.from({ length: k }, () => []);
  of.forEach((c, m) => members[c]!.push(m));
  const width = near[0]!.length;
  const cost = new Float64Array(k * width);
  const who = new Int32Array(k * width);
  const row = (a: number) => {
    cost.fill(Infinity, a * width, a * width + width);
    for (const m of members[a]!) {
      const here = dist[m * k + a]!;
      near[a]!.forEach((b, e) => {
        const d = dist[m * k + b]! - here;
        if (d < cost[a * width + e]!) {
          cost[a * width + e] = d;
          who[a * width + e] = m;
        }
      });
    }
  };
  for (let a = 0; a < k; a++) row(a);
  const reach = new Float64Array(k);
  const parent = new Int32Array(k);
  const via = new Int32Array(k);
  const seen = new Int32Array(k);
  let work = 0;
  for (let iteration = 0; iteration < MAX_CYCLES && work < MAX_RELAXATIONS; iteration++) {
    reach.fill(0);
    parent.fill(-1);
    let c = -1;
    for (let pass = 0; pass < k && c < 0; pass++) {
      let relaxed = false;
      for (let a = 0; a < k; a++) {
        const ra = reach[a]!;
        const to = near[a]!;
        for (let e = 0; e < to.length; e++) {
          const b = to[e]!;
          const d = ra + cost[a * width + e]!;
          if (d < reach[b]! - CYCLE_EPSILON) {
            reach[b] = d;
            parent[b] = a;
            via[b] = who[a * width + e]!;
            relaxed = true;
          }
        }
      }
      work += k * width;
      if (!relaxed) return;
      // A cycle among the parent links is a negative one; looking after each pass finds it
      // long before the k passes that would prove it.
      c = parentCycle(parent, seen);
    }
    if (c < 0) return;
    // parent points backwards: the member via[x] moves from parent[x] to x.
    const moves: { from: number; to: number; m: number }[] = [];
    let x = c;
    do {
      moves.push({ from: parent[x]!, to: x, m: via[x]! });
      x = parent[x]!;
    } while (x !== c);
    for (const { from, to, m } of moves) {
      members[from]!.splice(members[from]!.indexOf(m), 1);
      members[to]!.push(m);
      of[m] = to;
    }
    for (const { from } of moves) row(from);
  }
}

/** A cohort on a cycle of parent links, or -1. */
function parentCycle(parent: Int32Array, seen: Int32Array): number {
  seen.fill(0);
  for (let start = 0; start < parent.length; start++) {
    if (seen[start] !== 0) continue;
    // Mark this walk with its own number, start + 1: meeting it again closes a cycle.
    let x = start;
    while (x >= 0 && seen[x] === 0) {
      seen[x] = start + 1;
      x = parent[x]!;
    }
    if (x >= 0 && seen[x] === start + 1) return x;
  }
  return -1;
}

/** Step 4: each centre to its members' mean (interests over those who named some). */
function recentre(p: Prepared, s: Space, of: Int32Array, k: number): Centre[] {
  const centres: Centre[] = Array.from({ length: k }, () => ({ interests: new Float64Array(s.d), norm2: 0, cos: 0, sin: 0 }));
  const members = new Int32Array(k);
  const named = new Int32Array(k);
  for (let m = 0; m < s.n; m++) {
    const j = of[m]!;
    const c = centres[j]!;
    members[j] = members[j]! + 1;
    c.cos += s.cos[m]!;
    c.sin += s.sin[m]!;
    if (p.interests[m]!.length > 0) named[j] = named[j]! + 1;
    for (const i of p.interests[m]!) c.interests[i] = c.interests[i]! + s.unit[m]!;
  }
  centres.forEach((c, j) => {
    c.cos /= members[j]! || 1;
    c.sin /= members[j]! || 1;
    const by = named[j]! || 1;
    for (let i = 0; i < s.d; i++) {
      c.interests[i]! /= by;
      c.norm2 += c.interests[i]! ** 2;
    }
  });
  return centres;
}

/** For each centre, the `count` nearest others (nearest first; ties to the lower index). */
function neighboursOf(centres: Centre[], count: number): number[][] {
  const k = centres.length;
  const want = Math.min(count, k - 1);
  const between = (a: Centre, b: Centre) => {
    let d = (a.cos - b.cos) ** 2 + (a.sin - b.sin) ** 2;
    for (let i = 0; i < a.interests.length; i++) d += (a.interests[i]! - b.interests[i]!) ** 2;
    return d;
  };
  const d = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) d[i * k + j] = d[j * k + i] = between(centres[i]!, centres[j]!);
  return centres.map((_, i) => {
    // Insertion into a short sorted list: k × count, not a sort of all k.
    const best: number[] = [];
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const dj = d[i * k + j]!;
      if (best.length === want && dj >= d[i * k + best[want - 1]!]!) continue;
      let at = best.length === want ? want - 1 : best.length;
      while (at > 0 && d[i * k + best[at - 1]!]! > dj) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = j;
    }
    return best;
  });
}

export function proposeCohorts(members: CohortMember[], opts: CohortOptions): CohortProposal {
  const k = cohortCount(members.length, opts.size);
  const p = prepare(members, opts.at);
  if (k === 0) return { ...scoreGroups(p, []), method: METHOD };
  const s = space(p);
  const rand = mulberry32(opts.seed);
  let centres = seedCentres(p, s, k, rand);
  let of = assign(p, s, centres);
  for (let round = 0; round < ROUNDS; round++) {
    centres = recentre(p, s, of, k);
    const next = assign(p, s, centres);
    const moved = next.some((c, m) => c !== of[m]);
    of = next;
    if (!moved) break;
  }
  const groups: number[][] = Array.from({ length: k }, () => []);
  of.forEach((c, m) => groups[c]!.push(m));
  const improved = improveBySwaps(p, groups, neighboursOf(centres, swapNeighbours(opts.size)), SWAP_PASSES);
  // Shown west to east (by the median member's offset), each cohort's members in input order.
  const middle = (g: number[]) => [...g.map((m) => p.offsets[m]!)].sort((a, b) => a - b)[g.length >> 1]!;
  const sorted = improved.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => middle(a) - middle(b) || a[0]! - b[0]!);
  return { ...scoreGroups(p, sorted), method: METHOD };
}
