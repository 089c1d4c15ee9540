import { signal } from '@preact/signals';
import type { CommunityView } from '../../protocol/communities';
import { UserError } from '../../protocol/errors';
import type { Group, Member } from '../../protocol/groups';
import { hubClient, unwrap, type HubClient } from '../../sync/client';
import { communityCalls } from '../../sync/communities';

export interface ManagedGroup {
  group: Group;
  member: Member;
}

/** Why the console shows its sign-in: never signed in here, signed out, or the hub let the session lapse. */
export type SignedOutWhy = 'none' | 'signed-out' | 'expired';

export type ConsolePhase =
  | { t: 'loading' }
  | { t: 'signed-out'; why: SignedOutWhy }
  | { t: 'problem'; code: string }
  | { t: 'signed-in'; groups: ManagedGroup[]; communities: CommunityView[] };

/** Refusals that mean "nobody is signed in here": the sign-in, not an error line. */
const SIGNED_OUT = new Set(['unauthorized', 'bad_token', 'token_expired']);

/**
 * The console's identity on its hub: the session cookie that /create or a link code made
 * (HttpOnly, never seen by a script), the groups it owns or moderates (GET /me) and its
 * communities. Each opened group runs its own PanelSync (GroupPane.tsx).
 */
export class ConsoleSession {
  readonly phase = signal<ConsolePhase>({ t: 'loading' });
  readonly client: HubClient;

  constructor(readonly hub: string, fetcher: typeof fetch = (input, init) => fetch(input, init)) {
    this.client = hubClient(hub, { fetch: fetcher, credentials: 'include' });
  }

  async load(why: SignedOutWhy = 'none'): Promise<void> {
    try {
      const me = await unwrap(this.client.me.$get());
      // Communities came later than groups: a hub without them still runs its groups here.
      const communities = await communityCalls(this.client).mine().catch((): CommunityView[] => []);
      const groups = me.groups.filter((g) => g.member.role !== 'member').sort((a, b) => a.group.name.localeCompare(b.group.name));
      this.phase.value = { t: 'signed-in', groups, communities };
    } catch (e) {
      const code = e instanceof UserError ? e.code : 'hub_unreachable';
      if (SIGNED_OUT.has(code)) this.phase.value = { t: 'signed-out', why: code === 'token_expired' ? 'expired' : why };
      else this.phase.value = { t: 'problem', code };
    }
  }

  /** Trades a link code made on another device (the extension's "Move to another device") for this browser's cookie. */
  async link(code: string): Promise<void> {
    await unwrap(this.client.me.link.$post({ json: { code: code.trim(), session: 'cookie' } }));
    await this.load();
  }

  /** This browser's device is signed out on the hub, which clears its cookie. */
  async signOut(): Promise<void> {
    // The panel's own sign-out (its chunk, shared with the groups' rarer calls).
    await (await import('../panel/people')).signOutHere(this);
    this.phase.value = { t: 'signed-out', why: 'signed-out' };
  }
}
