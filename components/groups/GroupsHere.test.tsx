// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FoundGroup } from '../../types/discovery';
import { GroupForm } from './GroupForm';
import { GroupsHere } from './GroupsHere';

afterEach(cleanup);

const group = (over: Partial<FoundGroup>): FoundGroup => ({
  hub: 'https://hub.example',
  groupId: '7d1e9c52-5d1a-4a55-9c1e-2f4d2b8a0c11',
  name: 'Bakers',
  topic: 'Bread at home',
  memberCount: 3,
  memberLimit: 12,
  allowRequests: true,
  scope: 'community',
  hash: 'a'.repeat(64),
  standing: 'none',
  ...over,
});

const here = (groups: FoundGroup[], onAsk = vi.fn((_g: FoundGroup, _name: string, _note: string): Promise<null> => Promise.resolve(null))) => {
  render(<GroupsHere groups={groups} loading={false} error={null} defaultName="" onAsk={onAsk} onReport={() => Promise.resolve(null)} onOpen={() => undefined} />);
  return onAsk;
};

describe('GroupsHere', () => {
  it('lists each group with its name, topic, size and where it is listed; a full one takes no request', () => {
    here([
      group({ groupId: '11111111-1111-4111-8111-111111111111', name: 'On this page', scope: 'page' }),
      group({ groupId: '22222222-2222-4222-8222-222222222222', name: 'Full house', memberCount: 12 }),
      group({ groupId: '33333333-3333-4333-8333-333333333333', name: 'Invite only', allowRequests: false }),
    ]);
    const items = within(screen.getByRole('list', { name: 'Groups here' })).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining('On this page'),
      expect.stringContaining('Full house'),
      expect.stringContaining('Invite only'),
    ]);
    expect(items[0]!.textContent).toContain('3 of 12 members · Listed on this page');
    within(items[0]!).getByRole('button', { name: 'Ask to join' });
    expect(items[1]!.textContent).toContain('This group is full.');
    expect(within(items[1]!).queryByRole('button', { name: 'Ask to join' })).toBeNull();
    expect(items[2]!.textContent).toContain('This group joins by invitation only.');
    expect(within(items[2]!).queryByRole('button', { name: 'Ask to join' })).toBeNull();
  });

  it('asks with a name and an optional note; a waiting request says so', async () => {
    const onAsk = here([group({})]);
    fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Bo' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Note (optional)' }), { target: { value: 'Hi!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(onAsk).toHaveBeenCalledWith(expect.objectContaining({ name: 'Bakers' }), 'Bo', 'Hi!'));
    cleanup();
    here([group({ standing: 'waiting' })]);
    expect(screen.getByRole('status').textContent).toBe('Waiting for approval');
  });

  it('says when nothing is listed for the page', () => {
    here([]);
    screen.getByText('No groups are listed for this page yet.');
  });
});

describe('GroupForm listing', () => {
  it('offers the three listings for a hosted group ("Not listed" first and chosen), and none for a group on this device', async () => {
    const onSubmit = vi.fn(() => Promise.resolve(null));
    render(<GroupForm defaultHub="" defaultName="Ann" listable={{ page: true }} onSubmit={onSubmit} />);
    expect(screen.queryByRole('group', { name: 'Who can find it' })).toBeNull();
    fireEvent.input(screen.getByRole('textbox', { name: 'Hub' }), { target: { value: 'https://hub.example' } });
    const choice = await screen.findByRole('group', { name: 'Who can find it' });
    expect(within(choice).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['none', 'page', 'community']);
    expect((within(choice).getByRole('radio', { name: 'Not listed' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(choice).getByRole('radio', { name: 'Listed in this community' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Group name' }), { target: { value: 'Bakers' } });
    fireEvent.submit(choice.closest('form')!);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ listing: 'community' })));
  });

  it('on a community’s own page, offers no "Listed on this page"', () => {
    render(<GroupForm defaultHub="https://hub.example" defaultName="Ann" listable={{ page: false }} onSubmit={() => Promise.resolve(null)} />);
    const choice = screen.getByRole('group', { name: 'Who can find it' });
    expect(within(choice).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['none', 'community']);
  });
});
