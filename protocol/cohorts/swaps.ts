import { MINUTES_PER_DAY, type Prepared } from './features';
import { zoneFit } from './score';

/**
 * The last step of proposeCohorts: swap two members of neighbouring cohorts whenever that
 * raises the score (score.ts), until a pass finds nothing or after `passes` passes. Swaps keep
 * every size as it is. Each cohort keeps, per interest, how many of its members name it and
 * their summed weight (1 / the member's interest count), and a histogram of its offsets, so a
 * swap is judged in a few steps per interest rather than by rescoring both cohorts.
 *
 * The tallies are dense (cohorts × interests that at least two members name: an interest only
 * one member names is never shared, wherever they go), so a step is an array read. Past
 * MAX_CELLS (a community of tens of thousands with as many distinct interests) the swaps are
 * left out and the k-means assignment stands, rather than take hundreds of megabytes.
 */
const MAX_CELLS = 4_000_000;

/** Smaller gains are rounding, not improvements (and would let a pass run forever). */
const EPSILON = 1e-9;

interface State {
  members: number[];
  /** Row `base` of the tallies: per interest, members who name it, and their summed weight. */
  base: number;
  /** Offsets in minutes, in 0..1439: how many members at each. */
  offsets: Map<number, number>;
  /** The distinct offsets, sorted. */
  sorted: number[];
  spread: number;
  /** Members who named interests, and who did not. */
  withInterests: number;
  without: number;
  /** Σ over interests named at least twice of their weight: the cohort's summed interest fit. */
  interestFit: number;
}

const valueOf = (interestFit: number, spread: number, withInterests: number, without: number) =>
  interestFit / 2 + zoneFit(spread) * (withInterests / 2 + without);

const gain = (count: number, weight: number) => (count >= 2 ? weight : 0);

function spreadOf(sorted: number[]): number {
  if (sorted.length < 2) return 0;
  let widest = sorted[0]! + MINUTES_PER_DAY - sorted[sorted.length - 1]!;
  for (let i = 1; i < sorted.length; i++) widest = Math.max(widest, sorted[i]! - sorted[i - 1]!);
  return MINUTES_PER_DAY - widest;
}

/** The cohort's spread once one member at `out` leaves and one at `inn` joins, without building the list. */
function spreadAfter(s: State, out: number, inn: number): number {
  if (out === inn) return s.spread;
  const drop = s.offsets.get(out) === 1;
  let pending = s.offsets.has(inn) ? -1 : inn;
  let first = -1;
  let prev = -1;
  let widest = 0;
  let distinct = 0;
  for (const o of s.sorted) {
    if (pending >= 0 && pending < o) {
      if (prev >= 0) widest = Math.max(widest, pending - prev);
      else first = pending;
      prev = pending;
      distinct++;
      pending = -1;
    }
    if (drop && o === out) continue;
    if (prev >= 0) widest = Math.max(widest, o - prev);
    else first = o;
    prev = o;
    distinct++;
  }
  if (pending >= 0) {
    if (prev >= 0) widest = Math.max(widest, pending - prev);
    else first = pending;
    prev = pending;
    distinct++;
  }
  if (distinct < 2) return 0;
  return MINUTES_PER_DAY - Math.max(widest, first + MINUTES_PER_DAY - prev);
}

const has = (xs: Int32Array, x: number) => {
  for (const y of xs) if (y === x) return true;
  return false;
};

export function improveBySwaps(p: Prepared, groups: number[][], neighbours: number[][], passes: number): number[][] {
  // The interests two or more members name, renumbered 0..d-1; each member's list of them.
  const named = new Int32Array(p.labels.length);
  for (const own of p.interests) for (const i of own) named[i] = named[i]! + 1;
  const slot = new Int32Array(p.labels.length).fill(-1);
  let d = 0;
  named.forEach((c, i) => {
    if (c >= 2) slot[i] = d++;
  });
  if (groups.length * d > MAX_CELLS) return groups;
  const shareable = p.interests.map((own) => Int32Array.from([...own].filter((i) => slot[i]! >= 0), (i) => slot[i]!));
  const hasInterests = p.interests.map((own) => own.length > 0);
  const weightOf = p.interests.map((own) => (own.length > 0 ? 1 / own.length : 0));
  const offsets = p.offsets.map((o) => ((o % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY);
  const count = new Int32Array(groups.length * d);
  const weight = new Float64Array(groups.length * d);

  const join = (s: State, m: number) => {
    for (const i of shareable[m]!) {
      count[s.base + i] = count[s.base + i]! + 1;
      weight[s.base + i] = weight[s.base + i]! + weightOf[m]!;
    }
    s.offsets.set(offsets[m]!, (s.offsets.get(offsets[m]!) ?? 0) + 1);
    if (hasInterests[m]) s.withInterests++;
    else s.without++;
  };
  const leave = (s: State, m: number) => {
    for (const i of shareable[m]!) {
      count[s.base + i] = count[s.base + i]! - 1;
      weight[s.base + i] = weight[s.base + i]! - weightOf[m]!;
    }
    const o = offsets[m]!;
    const c = s.offsets.get(o)! - 1;
    if (c === 0) s.offsets.delete(o);
    else s.offsets.set(o, c);
    if (hasInterests[m]) s.withInterests--;
    else s.without--;
  };
  const settle = (s: State) => {
    // Recomputed from the tallies rather than carried along, so rounding never accumulates.
    s.interestFit = 0;
    for (let i = s.base; i < s.base + d; i++) s.interestFit += gain(count[i]!, weight[i]!);
    s.sorted = [...s.offsets.keys()].sort((a, b) => a - b);
    s.spread = spreadOf(s.sorted);
  };
  const states: State[] = groups.map((members, c) => {
    const s: State = { members: [...members], base: c * d, offsets: new Map(), sorted: [], spread: 0, withInterests: 0, without: 0, interestFit: 0 };
    for (const m of members) join(s, m);
    settle(s);
    return s;
  });

  /** Change in the cohort's summed interest fit when `out` leaves and `inn` joins. */
  const interestDelta = (s: State, out: number, inn: number): number => {
    const lost = shareable[out]!;
    const got = shareable[inn]!;
    const wOut = weightOf[out]!;
    const wIn = weightOf[inn]!;
    let delta = 0;
    for (const i of lost) {
      const c = count[s.base + i]!;
      const w = weight[s.base + i]!;
      const kept = has(got, i);
      delta += gain(kept ? c : c - 1, w - wOut + (kept ? wIn : 0)) - gain(c, w);
    }
    for (const i of got) {
      if (has(lost, i)) continue;
      const c = count[s.base + i]!;
      const w = weight[s.base + i]!;
      delta += gain(c + 1, w + wIn) - gain(c, w);
    }
    return delta;
  };
  const valueAfter = (s: State, out: number, inn: number): number => {
    const change = (hasInterests[inn] ? 1 : 0) - (hasInterests[out] ? 1 : 0);
    return valueOf(s.interestFit + interestDelta(s, out, inn), spreadAfter(s, offsets[out]!, offsets[inn]!), s.withInterests + change, s.without - change);
  };

  // A member already checked against two cohorts that have not changed since cannot gain by
  // a swap between them: each later pass looks only where something moved.
  let clock = 1;
  const changed = new Float64Array(states.length).fill(clock);
  const checked = new Float64Array(p.ids.length);
  for (let pass = 0; pass < passes; pass++) {
    let swapped = false;
    states.forEach((a, ai) => {
      for (let x = 0; x < a.members.length; x++) {
        const m = a.members[x]!;
        const before = valueOf(a.interestFit, a.spread, a.withInterests, a.without);
        let best = EPSILON;
        let bestB = -1;
        let bestY = -1;
        const since = checked[m]!;
        const aSame = changed[ai]! < since;
        for (const bi of neighbours[ai]!) {
          if (aSame && changed[bi]! < since) continue;
          const b = states[bi]!;
          const beforeB = valueOf(b.interestFit, b.spread, b.withInterests, b.without);
          for (let y = 0; y < b.members.length; y++) {
            const other = b.members[y]!;
            const gained = valueAfter(a, m, other) - before + valueAfter(b, other, m) - beforeB;
            if (gained > best) {
              best = gained;
              bestB = bi;
              bestY = y;
            }
          }
        }
        checked[m] = ++clock;
        if (bestB < 0) continue;
        const b = states[bestB]!;
        const other = b.members[bestY]!;
        leave(a, m);
        join(a, other);
        leave(b, other);
        join(b, m);
        settle(a);
        settle(b);
        changed[ai] = changed[bestB] = ++clock;
        a.members[x] = other;
        b.members[bestY] = m;
        swapped = true;
      }
    });
    if (!swapped) break;
  }
  return states.map((s) => s.members);
}
