// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attempted } from '../../models/attempt';
import { scoreCohorts } from '../../protocol/cohorts/score';
import type { NookError } from '../../protocol/errors';
import { CohortSplit } from './CohortSplit';
import { CommunityDetail } from './CommunityDetail';
import { CommunityGroups } from './CommunityGroups';
import { JoinCommunity } from './JoinCommunity';
import { RosterImport } from './RosterImport';
import type { CohortProposalView, CommunityActions, CommunityGroupItem, CommunityItem } from './types';

afterEach(cleanup);

const ok = <T,>(value: T): Attempted<T> => ({ ok: true, value });
const no = (error: NookError): Attempted<never> => ({ ok: false, error });
const AT = Date.UTC(2030, 0, 15);

const people = [
  { id: 'p-ann', kind: 'member' as const, name: 'Ann', interests: ['knitting', 'socks'], timeZone: 'Europe/Berlin' },
  { id: 'p-bo', kind: 'roster' as const, name: 'Bo', interests: ['knitting'], timeZone: 'Europe/Paris' },
  { id: 'p-cy', kind: 'roster' as const, name: 'Cy', interests: ['baking'], timeZone: 'America/New_York' },
  { id: 'p-di', kind: 'roster' as const, name: 'Di', interests: ['baking', 'socks'], timeZone: 'America/Chicago' },
];

function proposal(cohorts: string[][]): CohortProposalView {
  const scored = scoreCohorts(cohorts, people, AT);
  return { id: 'prop-1', communityId: 'c-1', size: 2, seed: 1, method: 'test', createdAt: AT, participants: people, appliedAt: null, ...scored };
}

/** Actions the test watches, answering as the hub would; any one can be replaced. */
function fakeActions(patch: Partial<CommunityActions> = {}) {
  const calls: [string, ...unknown[]][] = [];
  const watch =
    <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) =>
    (...a: A) => {
      calls.push([name, ...a]);
      return fn(...a);
    };
  const actions: CommunityActions = {
    groups: watch('groups', async () => ok<CommunityGroupItem[]>([])),
    ask: watch('ask', async () => null),
    open: watch('open', async () => null),
    createGroup: watch('createGroup', async () => null),
    leave: watch('leave', async () => null),
    requests: watch('requests', async () => ok([])),
    decide: watch('decide', async () => null),
    members: watch('members', async () => ok([])),
    setRole: watch('setRole', async () => no({ code: 'community_forbidden', message: '' })),
    invite: watch('invite', async () => no({ code: 'community_forbidden', message: '' })),
    importRoster: watch('importRoster', async () => ok({ imported: 0, entries: [] })),
    propose: watch('propose', async () => ok(proposal([['p-ann', 'p-bo'], ['p-cy', 'p-di']]))),
    edit: watch('edit', async (_id: string, cohorts: string[][]) => ok(proposal(cohorts))),
    apply: watch('apply', async () =>
      ok({
        proposal: { ...proposal([['p-ann', 'p-bo'], ['p-cy', 'p-di']]), appliedAt: AT },
        groups: [
          { id: 'g-1', name: 'Knitters · Cohort 1', members: 2 },
          { id: 'g-2', name: 'Knitters · Cohort 2', members: 1 },
        ],
        invites: [{ rosterId: 'p-bo', name: 'Bo', cohort: 1, groupId: 'g-1', url: 'https://hub.test/community-invites/AAAAAAAAAAAA' }],
      }),
    ),
    invitesCsv: watch('invitesCsv', async () => ok({ fileName: 'links.csv', text: 'name,group,link\r\n' })),
    copy: async () => true,
    ...patch,
  };
  return { actions, calls };
}

/** Picks a file in a file input, as a member does (happy-dom lets a test set `files` only this way). */
function pick(input: HTMLElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

const percent = (x: number) => new Intl.NumberFormat('en', { style: 'percent' }).format(x);

describe('CohortSplit', () => {
  it('previews cohorts of the chosen size, rescoring each move as the hub scores it, and applies the moved assignment', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const { actions, calls } = fakeActions();
    const applied = vi.fn();
    render(<CohortSplit actions={actions} onApplied={applied} />);
    fireEvent.click(screen.getByRole('button', { name: 'Split into cohorts' }));
    const size = screen.getByRole('spinbutton', { name: 'Cohort size' }) as HTMLInputElement;
    expect(size.value).toBe('25');
    fireEvent.input(size, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('table', { name: 'Proposed cohorts' });
    expect(calls).toContainEqual(['propose', 2]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Ann');
    expect(rows[0]!.textContent).toContain('knitting');
    const before = scoreCohorts([['p-ann', 'p-bo'], ['p-cy', 'p-di']], people, AT);
    expect(within(rows[0]!).getAllByRole('cell')[3]!.textContent).toBe(percent(before.cohorts[0]!.score));

    // Di to cohort 1, by the keyboard-usable select: both rows rescored, and the whole split.
    fireEvent.change(screen.getByRole('combobox', { name: 'Move Di to' }), { target: { value: '0' } });
    const after = scoreCohorts([['p-ann', 'p-bo', 'p-di'], ['p-cy']], people, AT);
    const moved = within(table).getAllByRole('row').slice(1);
    expect(moved[0]!.textContent).toContain('Di');
    expect(moved[1]!.textContent).not.toContain('Di');
    expect(within(moved[0]!).getAllByRole('cell')[3]!.textContent).toBe(percent(after.cohorts[0]!.score));
    expect(within(moved[1]!).getAllByRole('cell')[3]!.textContent).toBe(percent(after.cohorts[1]!.score));
    expect(screen.getByText(/^Overall score/).textContent).toContain(percent(after.quality.score));
    expect(after.quality.score).not.toBe(before.quality.score);

    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await screen.findByText('2 groups made.');
    expect(calls.filter(([n]) => n === 'edit' || n === 'apply')).toEqual([
      ['edit', 'prop-1', [['p-ann', 'p-bo', 'p-di'], ['p-cy']]],
      ['apply', 'prop-1'],
    ]);
    expect(applied).toHaveBeenCalled();
    const links = screen.getByRole('list', { name: 'Personal invite links' });
    expect((within(links).getByRole('textbox', { name: 'Bo (cohort 1)' }) as HTMLInputElement).value).toBe('https://hub.test/community-invites/AAAAAAAAAAAA');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(calls).toContainEqual(['invitesCsv', 'prop-1']));
    // The file keeps the hub's byte-order mark, which reading the answer as text dropped.
    const blob = (URL.createObjectURL as ReturnType<typeof vi.fn>).mock.calls[0]![0] as Blob;
    expect(new Uint8Array(await blob.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('applies an unmoved proposal without editing it, and shows a refusal where it happened', async () => {
    const { actions, calls } = fakeActions({ apply: async () => no({ code: 'proposal_applied', message: 'applied' }) });
    render(<CohortSplit actions={actions} />);
    fireEvent.click(screen.getByRole('button', { name: 'Split into cohorts' }));
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(calls).toContainEqual(['propose', 25]);
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(calls.map(([n]) => n)).not.toContain('edit');
  });
});

describe('CommunityGroups', () => {
  const groups: CommunityGroupItem[] = [
    { id: 'g-1', name: 'Cohort 1', topic: '', memberCount: 3, memberLimit: 26, allowRequests: true, mine: true, requested: false },
    { id: 'g-2', name: 'Evening sock club', topic: 'Socks', memberCount: 4, memberLimit: 30, allowRequests: true, mine: false, requested: false },
    { id: 'g-3', name: 'Full one', topic: '', memberCount: 2, memberLimit: 2, allowRequests: true, mine: false, requested: false },
  ];

  it('lists the groups with their sizes: Open where the member is in one, Ask to join elsewhere', async () => {
    const { actions, calls } = fakeActions({ groups: async () => ok(groups) });
    render(<CommunityGroups actions={actions} />);
    const list = await screen.findByRole('list', { name: 'Groups' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('3 of 26 members');
    fireEvent.click(within(items[0]!).getByRole('button', { name: 'Open Cohort 1' }));
    expect(calls).toContainEqual(['open', 'g-1']);
    expect(items[2]!.textContent).toContain('This group is full.');

    fireEvent.click(within(items[1]!).getByRole('button', { name: 'Ask to join Evening sock club' }));
    fireEvent.input(within(items[1]!).getByRole('textbox', { name: 'Note (optional)' }), { target: { value: 'I knit socks' } });
    fireEvent.click(within(items[1]!).getByRole('button', { name: 'Send request' }));
    expect(await within(items[1]!).findByText('Waiting for approval')).toBeTruthy();
    expect(calls).toContainEqual(['ask', 'g-2', 'I knit socks']);
  });
});

describe('RosterImport', () => {
  it("says in the member's language that nothing was imported, with the hub's lines at fault", async () => {
    const refusal = {
      code: 'roster_invalid',
      message: 'Line 3: the time zone is missing; Line 5: “Mars/Olympus” is not a time zone (use a name like Europe/Berlin). Nothing was imported.',
      params: { line: 3, count: 2 },
    };
    const { actions } = fakeActions({ importRoster: async () => no(refusal) });
    render(<RosterImport actions={actions} />);
    const file = new File(['name,interests,time zone\nAnn,,\n'], 'roster.csv', { type: 'text/csv' });
    pick(screen.getByLabelText('Roster file (CSV)'), file);
    fireEvent.click(screen.getByRole('button', { name: 'Import roster' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This roster file has a problem on line 3. Nothing was imported.');
    const lines = within(screen.getByRole('list', { name: 'Lines at fault' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(lines).toEqual(['Line 3: the time zone is missing', 'Line 5: “Mars/Olympus” is not a time zone (use a name like Europe/Berlin).']);
  });

  it('says how many people came in', async () => {
    const importRoster = vi.fn(async () => ok({ imported: 3, entries: [] }));
    const { actions } = fakeActions({ importRoster });
    render(<RosterImport actions={actions} />);
    pick(screen.getByLabelText('Roster file (CSV)'), new File(['x'], 'r.csv'));
    fireEvent.click(screen.getByRole('button', { name: 'Import roster' }));
    expect(await screen.findByText('3 people imported.')).toBeTruthy();
    expect(importRoster).toHaveBeenCalledWith('x');
  });
});

describe('JoinCommunity', () => {
  it('shows where the link leads, then joins with the name, interests and time zone given', async () => {
    const preview = vi.fn(async () =>
      ok({ hub: 'https://hub.test', code: 'AAAAAAAAAAAA', community: { id: 'c-1', name: 'Knitters', about: 'All things yarn', memberCount: 4 }, expiresAt: null, suggested: null, group: null }),
    );
    const join = vi.fn(async () => no({ code: 'invite_expired', message: 'expired' }));
    render(<JoinCommunity defaultName="Ann" onPreview={preview} onJoin={join} onJoined={() => undefined} onCancel={() => undefined} />);
    fireEvent.input(screen.getByRole('textbox', { name: 'Community invite link' }), { target: { value: 'https://hub.test/community-invites/AAAAAAAAAAAA' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { name: 'Knitters' })).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('Ann');
    fireEvent.input(screen.getByRole('textbox', { name: 'Interests' }), { target: { value: 'knitting, socks, Knitting' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Time zone' }), { target: { value: 'Asia/Tokyo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join community' }));
    await waitFor(() =>
      expect(join).toHaveBeenCalledWith({ link: 'https://hub.test/community-invites/AAAAAAAAAAAA', name: 'Ann', interests: ['knitting', 'socks'], timeZone: 'Asia/Tokyo' }),
    );
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
  });
});

describe('CommunityDetail', () => {
  const item = (role: 'owner' | 'moderator' | 'member'): CommunityItem => ({
    hub: 'https://hub.test',
    community: { id: 'c-1', name: 'Knitters', about: '', createdAt: 1, owner: 'm-1' },
    me: { id: 'm-1', name: 'Olive', interests: [], timeZone: 'UTC', role, joinedAt: 1 },
    memberCount: 5,
  });

  it('gives a member the groups only, a moderator the invite, members and roster, and the owner the split too', async () => {
    for (const [role, manage, split] of [
      ['member', false, false],
      ['moderator', true, false],
      ['owner', true, true],
    ] as const) {
      const { actions } = fakeActions({
        members: async () => ok([{ id: 'm-2', name: 'Bo', interests: ['socks'], timeZone: 'Europe/Paris', role: 'member' as const, joinedAt: 2 }]),
      });
      const { unmount } = render(<CommunityDetail community={item(role)} actions={actions} />);
      await screen.findByRole('heading', { name: 'Groups' });
      expect(!!screen.queryByRole('button', { name: 'Make invite link' }), role).toBe(manage);
      expect(!!screen.queryByRole('button', { name: 'Import roster' }), role).toBe(manage);
      expect(!!screen.queryByRole('button', { name: 'Split into cohorts' }), role).toBe(split);
      if (manage) {
        const members = await screen.findByRole('list', { name: 'Community members' });
        expect(!!within(members).queryByRole('button', { name: 'Make Bo a moderator' }), role).toBe(role === 'owner');
      }
      unmount();
    }
  });

  it('gives its owner and moderators a New group button: name, topic and a member limit of 30 to 100, and the list asked again', async () => {
    for (const role of ['member', 'moderator', 'owner'] as const) {
      const { unmount } = render(<CommunityDetail community={item(role)} actions={fakeActions().actions} />);
      await screen.findByRole('heading', { name: 'Groups' });
      expect(!!screen.queryByRole('button', { name: 'New group' }), role).toBe(role !== 'member');
      unmount();
    }
    const { actions, calls } = fakeActions();
    render(<CommunityDetail community={item('moderator')} actions={actions} />);
    fireEvent.click(await screen.findByRole('button', { name: 'New group' }));
    // The community knows the hub and the maker's name: neither is asked.
    expect(screen.queryByRole('textbox', { name: 'Hub' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Your name' })).toBeNull();
    const limit = screen.getByRole('spinbutton', { name: 'Member limit' }) as HTMLInputElement;
    expect(limit.value).toBe('30');
    fireEvent.input(screen.getByRole('textbox', { name: 'Group name' }), { target: { value: 'Glaze lab' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Topic' }), { target: { value: 'Colours' } });
    fireEvent.input(limit, { target: { value: '101' } });
    expect(limit.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Create group' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(limit, { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create group' }));
    await waitFor(() => expect(calls).toContainEqual(['createGroup', { name: 'Glaze lab', topic: 'Colours', memberLimit: 100 }]));
    await waitFor(() => expect(calls.filter(([n]) => n === 'groups')).toHaveLength(2));
    expect(screen.queryByRole('textbox', { name: 'Group name' })).toBeNull();
  });

  it("shows its managers the requests to all its groups, naming each group, and decides one", async () => {
    const requests = [
      { id: 'r-1', groupId: 'g-1', memberId: 'm-9', name: 'Ivy', message: 'Beginner', status: 'pending' as const, createdAt: AT, decidedAt: null, decidedBy: null, groupName: 'Wheel' },
    ];
    const { actions, calls } = fakeActions({ requests: async () => ok(requests) });
    render(<CommunityDetail community={item('moderator')} actions={actions} />);
    const list = await screen.findByRole('list', { name: 'Join requests (1)' });
    expect(list.textContent).toContain('Asks to join Wheel');
    fireEvent.click(within(list).getByRole('button', { name: 'Approve Ivy for Wheel' }));
    await waitFor(() => expect(calls).toContainEqual(['decide', 'g-1', 'r-1', 'approve']));
    expect(await screen.findByText('No one is waiting to join.')).toBeTruthy();
  });

  it('lets a member leave after saying what leaving does; its owner is told to hand it over first', async () => {
    const onLeft = vi.fn();
    const { actions, calls } = fakeActions();
    const { unmount } = render(<CommunityDetail community={item('member')} actions={actions} onLeft={onLeft} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Leave community' }));
    const confirm = screen.getByRole('group', { name: /^Leave Knitters\? You stay in the groups of it you joined/ });
    expect(confirm.textContent).toContain('your waiting requests to join them are withdrawn');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(onLeft).toHaveBeenCalled());
    expect(calls).toContainEqual(['leave']);
    unmount();

    // A refusal shows where it happened, and nothing moves on.
    const refused = fakeActions({ leave: async () => ({ code: 'community_owner_stays', message: 'no' }) });
    const again = render(<CommunityDetail community={item('moderator')} actions={refused.actions} onLeft={onLeft} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Leave community' }));
    fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You own this community: make another member its owner before you leave it.');
    expect(onLeft).toHaveBeenCalledTimes(1);
    again.unmount();

    render(<CommunityDetail community={item('owner')} actions={fakeActions().actions} />);
    const button = (await screen.findByRole('button', { name: 'Leave community' })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByText('As its owner, you can’t leave the community: make another member its owner first.').id).toBe(button.getAttribute('aria-describedby'));
  });

  it("lets the owner make a member a moderator, showing the hub's answer", async () => {
    const bo = { id: 'm-2', name: 'Bo', interests: [], timeZone: 'UTC', role: 'member' as const, joinedAt: 2 };
    const { actions, calls } = fakeActions({ members: async () => ok([bo]), setRole: async (_id, role) => ok({ ...bo, role }) });
    const watched = { ...actions, setRole: (id: string, role: 'owner' | 'moderator' | 'member') => (calls.push(['setRole', id, role]), actions.setRole(id, role)) };
    render(<CommunityDetail community={item('owner')} actions={watched} />);
    const members = await screen.findByRole('list', { name: 'Community members' });
    fireEvent.click(within(members).getByRole('button', { name: 'Make Bo a moderator' }));
    expect(await within(members).findByText('Moderator')).toBeTruthy();
    expect(calls).toContainEqual(['setRole', 'm-2', 'moderator']);
    expect(within(members).getByRole('button', { name: 'Make Bo a member again' })).toBeTruthy();
  });
});
