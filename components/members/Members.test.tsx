// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JoinRequestItem, MemberItem, Role } from '../../storage/hosted-types';
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
});
