// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JoinRequestItem, MemberItem, Role } from '../../sync/types';
import { member } from '../discussion/fixtures';
import { Members } from './Members';

afterEach(cleanup);

const ok = () => Promise.resolve(null);
const requests: JoinRequestItem[] = [{ id: 'r1', name: 'Carol', message: 'I take the Tuesday class', createdAt: Date.now() - 3_600_000 }];

function setup(viewerRole: Role, members?: MemberItem[]) {
  const list = members ?? [
    member({ id: 'u-bob', name: 'Bob' }),
    member({ id: 'u-me', name: 'Me Myself', self: true, role: viewerRole, intro: 'I knit *socks*' }),
    member({ id: 'u-own', name: 'Olga', role: viewerRole === 'owner' ? 'moderator' : 'owner' }),
  ];
  const props = { members: list, viewerRole, requests, onRemove: vi.fn(ok), onDecide: vi.fn(ok), onLeave: vi.fn(ok) };
  render(<Members {...props} />);
  return props;
}

const item = (name: string) => screen.getAllByRole('listitem').find((li) => within(li).queryByText(name) !== null)!;

describe('Members', () => {
  it('lists every member with name, localized role, intro and a "(you)" marker', () => {
    setup('member');
    const list = screen.getByRole('list', { name: '3 members' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(within(items[0]!).getByText('Olga')).toBeTruthy();
    expect(within(items[0]!).getByText('Owner')).toBeTruthy();
    const me = item('Me Myself');
    expect(within(me).getByText('(you)')).toBeTruthy();
    expect(within(me).getByText('Member')).toBeTruthy();
    expect(within(me).getByText('socks').tagName).toBe('EM');
  });

  it('shows plain members no Remove buttons and no join requests', () => {
    setup('member');
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.queryByText('Carol')).toBeNull();
  });

  it('lets a moderator remove plain members only, after confirming', async () => {
    const props = setup('moderator');
    expect(screen.queryByRole('button', { name: 'Remove Olga' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove Me Myself' })).toBeNull();
    const bob = item('Bob');
    fireEvent.click(within(bob).getByRole('button', { name: 'Remove Bob' }));
    const confirm = within(bob).getByRole('group', { name: 'Remove Bob from the group? They lose access at once.' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(props.onRemove).toHaveBeenCalledWith('u-bob'));
  });

  it('lets the owner remove moderators too', () => {
    setup('owner');
    expect(screen.getByRole('button', { name: 'Remove Olga' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove Bob' })).toBeTruthy();
  });

  it('shows join requests to moderators, with Approve and Deny per person', async () => {
    const props = setup('moderator');
    const section = screen.getByRole('region', { name: 'Join requests (1)' });
    expect(within(section).getByText('I take the Tuesday class')).toBeTruthy();
    fireEvent.click(within(section).getByRole('button', { name: 'Approve Carol' }));
    await waitFor(() => expect(props.onDecide).toHaveBeenCalledWith('r1', 'approve'));
    fireEvent.click(within(section).getByRole('button', { name: 'Deny Carol' }));
    await waitFor(() => expect(props.onDecide).toHaveBeenCalledWith('r1', 'deny'));
  });

  it('shows a refused decision beside the request', async () => {
    render(
      <Members
        members={[member({ id: 'u-me', name: 'Me', self: true, role: 'owner' })]}
        viewerRole="owner"
        requests={requests}
        onRemove={ok}
        onLeave={ok}
        onDecide={() => Promise.resolve({ code: 'group_full', message: 'The group is full.' })}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Approve Carol' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/full/);
  });

  it('asks before leaving', async () => {
    const props = setup('member');
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(props.onLeave).toHaveBeenCalled());
  });

  it('tells an owner why they cannot leave while others remain', () => {
    setup('owner');
    const leave = screen.getByRole('button', { name: 'Leave group' });
    expect(leave.hasAttribute('disabled')).toBe(true);
    expect(document.getElementById(leave.getAttribute('aria-describedby')!)?.textContent).toBe(
      "As the owner, you can't leave while others are in the group.",
    );
  });

  it('lets a lone owner leave', () => {
    setup('owner', [member({ id: 'u-me', name: 'Me', self: true, role: 'owner' })]);
    expect(screen.getByRole('button', { name: 'Leave group' }).hasAttribute('disabled')).toBe(false);
  });

  describe('after a removal', () => {
    const owner = [member({ id: 'u-me', name: 'Me', self: true, role: 'owner' as const })];
    const fresh = { url: 'https://hub.example/join/NEWCODE', code: 'NEWCODE', expiresAt: null, maxUses: null, uses: 0 };
    const show = (extra: Partial<Parameters<typeof Members>[0]>) =>
      render(<Members members={owner} viewerRole="owner" requests={[]} onRemove={ok} onDecide={ok} onLeave={ok} {...extra} />);

    it('says the link they came in with stopped working, and makes a new one in one step', async () => {
      const onNewInvite = vi.fn(() => Promise.resolve(fresh));
      show({ removal: { memberId: 'u-eve', name: 'Eve', revokedInvites: 1 }, onNewInvite, onCopy: () => Promise.resolve(true) });
      expect(screen.getByRole('status').textContent).toBe(
        "Eve was removed from the group. The invite link they came in with or made no longer works, so they can't use it to come back. Share a new link with anyone else who still needs one.",
      );
      fireEvent.click(screen.getByRole('button', { name: 'New invite link' }));
      const link = (await screen.findByRole('textbox', { name: 'Invite link' })) as HTMLInputElement;
      expect(link.value).toBe('https://hub.example/join/NEWCODE');
      expect(onNewInvite).toHaveBeenCalledTimes(1);
      expect(screen.queryByRole('button', { name: 'New invite link' })).toBeNull();
    });

    it('counts several links, and a refused new link is said beside the button', async () => {
      show({
        removal: { memberId: 'u-mod', name: 'Mod', revokedInvites: 3 },
        onNewInvite: () => Promise.resolve({ code: 'forbidden', message: 'Only owner or moderator may do this.' }),
      });
      expect(screen.getByRole('status').textContent).toMatch(/^Mod was removed from the group\. The 3 invite links they came in with or made no longer work/);
      fireEvent.click(screen.getByRole('button', { name: 'New invite link' }));
      expect((await screen.findByRole('alert')).textContent).toBeTruthy();
      expect(screen.getByRole('button', { name: 'New invite link' })).toBeTruthy();
    });

    it('where the viewer makes no invites (the widget), says so without offering one', () => {
      show({ removal: { memberId: 'u-eve', name: 'Eve', revokedInvites: 1 } });
      expect(screen.getByRole('status').textContent).toMatch(/no longer works/);
      expect(screen.queryByRole('button', { name: 'New invite link' })).toBeNull();
    });

    it('says only the removal when no link was revoked (they came in by request)', () => {
      show({ removal: { memberId: 'u-rita', name: 'Rita', revokedInvites: 0 }, onNewInvite: () => Promise.resolve(fresh) });
      expect(screen.getByRole('status').textContent).toBe('Rita was removed from the group.');
      expect(screen.queryByRole('button', { name: 'New invite link' })).toBeNull();
    });
  });
});
