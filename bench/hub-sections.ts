import { hubCatchup } from './hub-catchup';
import { hubDelivery } from './hub-delivery';
import { hubHostile } from './hub-hostile';
import { hubListings } from './hub-listings';
import { hubScale } from './hub-scale';
import { hubThroughput } from './hub-throughput';
import type { Section } from './types';

/** The hub's benchmarks, for bench/run.ts to list: each starts its own servers and load generators in child processes. */
export const HUB_SECTIONS: Section[] = [hubThroughput, hubScale, hubDelivery, hubCatchup, hubHostile, hubListings];
