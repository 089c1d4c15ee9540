import { greedyCohorts, proposeCohorts, randomCohorts } from '../protocol/cohorts/split';
import { interestKey } from '../protocol/cohorts/features';
import { syntheticMembers, TOPICS, ZONES } from '../protocol/cohorts/synthetic';
import type { CohortQuality } from '../protocol/cohorts/types';
import { fmt, median } from './stats';
import type { BenchEnv, Row, Section } from './types';

const MEMBERS = 2000;
const SIZE = 25;
const SEED = 1;
/** A fixed instant (northern winter), so the offsets and with them every number but the time are the same on every run. */
const AT = Date.UTC(2026, 0, 15, 12);
const WARM = 2;
const RUNS = 7;
const BUDGET_MS = 2000;

const hours = (h: number) => `${fmt(h, 2)} h`;

export const cohorts: Section = {
  id: 'cohorts',
  title: `Cohorts: ${MEMBERS.toLocaleString('en-US')} members split into groups of ${SIZE}`,
  builds: [],
  async run(env: BenchEnv) {
    const members = syntheticMembers(MEMBERS, SEED);
    const opts = { size: SIZE, seed: SEED, at: AT };
    for (let i = 0; i < WARM; i++) proposeCohorts(members, opts);
    const times: number[] = [];
    const cpu: number[] = [];
    let ours: CohortQuality | null = null;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      const proposal = proposeCohorts(members, opts);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      ours = proposal.quality;
    }
    const random = randomCohorts(members, opts).quality;
    const greedy = greedyCohorts(members, opts).quality;
    const q = ours!;
    const ms = median(times);
    env.log(`  proposeCohorts ${fmt(ms)} ms (median of ${RUNS}); shared ${fmt(q.meanSharedInterests, 2)}, median spread ${hours(q.medianSpreadHours)}`);
    const named = members.reduce((n, m) => n + new Set(m.interests.map(interestKey)).size, 0) / members.length;
    const peers = (f: (x: CohortQuality) => string) => `random: ${f(random)}; greedy: ${f(greedy)}`;
    const bestShared = Math.max(random.meanSharedInterests, greedy.meanSharedInterests);
    const bestSpread = Math.min(random.medianSpreadHours, greedy.medianSpreadHours);
    const rows: Row[] = [
      {
        what: 'mean shared interests per member (how many of their interests another member of their cohort has), as a share of the better baseline',
        ours: (100 * q.meanSharedInterests) / bestShared,
        unit: '%',
        shown: `${fmt(q.meanSharedInterests, 2)} (${fmt((100 * q.meanSharedInterests) / bestShared)}% of the better baseline)`,
        budget: { min: 100 },
        peer: peers((x) => fmt(x.meanSharedInterests, 2)),
        note: `members name ${fmt(named, 2)} interests on average, the most that can be shared`,
      },
      {
        what: 'median time-zone spread per cohort (the smallest arc of the 24-hour circle holding every member’s UTC offset), as a share of the better baseline',
        ours: bestSpread > 0 ? (100 * q.medianSpreadHours) / bestSpread : 0,
        unit: '%',
        shown: `${hours(q.medianSpreadHours)} (${fmt(bestSpread > 0 ? (100 * q.medianSpreadHours) / bestSpread : 0)}% of the better baseline)`,
        budget: { max: 100 },
        peer: peers((x) => hours(x.medianSpreadHours)),
      },
      {
        what: 'worst time-zone spread of a cohort',
        ours: q.worstSpreadHours,
        unit: '',
        shown: hours(q.worstSpreadHours),
        peer: peers((x) => hours(x.worstSpreadHours)),
        note: 'cohorts are of equal size, so some take the few members left over by the zones around them',
      },
      {
        what: 'score shown to the owner (0 to 1: mean of interest fit and zone fit per member)',
        ours: q.score,
        unit: '',
        shown: fmt(q.score, 3),
        peer: peers((x) => fmt(x.score, 3)),
      },
      {
        what: `proposeCohorts for ${MEMBERS.toLocaleString('en-US')} members, median of ${RUNS}`,
        ours: ms,
        unit: 'ms',
        shown: `${fmt(ms)} ms (max ${fmt(Math.max(...times))} ms; CPU ${fmt(median(cpu))} ms)`,
        budget: { max: BUDGET_MS },
        note: 'wall clock, judged; CPU time beside it, since other work on the machine stretches the wall clock',
      },
    ];
    return {
      rows,
      how:
        `${MEMBERS.toLocaleString('en-US')} seeded synthetic members (protocol/cohorts/synthetic.ts: ${TOPICS.length} interests in 8 themes with Zipf-skewed popularity, 0 to 6 each, mostly from one theme, spellings varied; ` +
        `${ZONES.length} IANA zones weighted by internet users, offsets taken at ${new Date(AT).toISOString().slice(0, 10)}), split into cohorts of at most ${SIZE} (so ${Math.ceil(MEMBERS / SIZE)} of ${SIZE}) by ` +
        'proposeCohorts (protocol/cohorts/split.ts: k-means++ on interests and the offset on a 24-hour circle, hardest-first greedy under the size cap, cycles of moves, re-centring, pairwise swaps), ' +
        'beside the same sizes filled by a seeded shuffle (random) and by plain greedy (each member in input order to the cohort holding most of their interests with room). ' +
        `Quality numbers are deterministic for the seed; the time is wall clock in Node, ${WARM} unmeasured runs then ${RUNS} timed, median. Verdicts: ours must beat the better baseline on shared interests and on median spread, and take under ${fmt(BUDGET_MS / 1000, 0)} s.`,
    };
  },
};
