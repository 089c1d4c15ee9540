// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InviteItem } from '../../sync/types';
import { InvitePanel } from './InvitePanel';

afterEach(cleanup);

const invite: InviteItem = { url: 'https://hub.example/join/AbCdEf123456', code: 'AbCdEf123456', expiresAt: Date.UTC(2031, 0, 15, 12), maxUses: 25, uses: 0 };
const GROUP = '0b8f3a52-9a51-4c6e-8d2a-4f0f6f0f6f0f';

describe('InvitePanel', () => {
  it('creates an invite and shows the link read-only, with its expiry and a copy button', async () => {
    const onCopy = vi.fn(() => Promise.resolve(true));
    const onCreateInvite = vi.fn(() => Promise.resolve(invite));
    render(<InvitePanel groupId={GROUP} hub="https://hub.example/" onCreateInvite={onCreateInvite} onCopy={onCopy} />);
    expect(screen.queryByRole('textbox', { name: 'Invite link' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    const link = (await screen.findByRole('textbox', { name: 'Invite link' })) as HTMLInputElement;
    expect(onCreateInvite).toHaveBeenCalledTimes(1);
    expect(link.value).toBe(invite.url);
    expect(link.readOnly).toBe(true);
    expect(screen.getByText(/Expires .*2031/)).toBeTruthy();
    expect(screen.getByText(/Works 25 times/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy invite link' }));
    expect(onCopy).toHaveBeenCalledWith(invite.url);
    await waitFor(() => expect(screen.getAllByRole('status').some((s) => s.textContent === 'Copied')).toBe(true));
  });

  it('gives the widget snippet for the hosted group, with its own copy button', async () => {
    const onCopy = vi.fn(() => Promise.resolve(true));
    render(<InvitePanel groupId={GROUP} hub="https://hub.example/" onCreateInvite={() => Promise.resolve(invite)} onCopy={onCopy} />);
    const snippet = screen.getByRole('textbox', { name: 'Embed snippet' }) as HTMLTextAreaElement;
    const expected = `<script src="https://hub.example/widget.js" data-group="${GROUP}" async></script>`;
    expect(snippet.value).toBe(expected);
    expect(snippet.readOnly).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Copy embed snippet' }));
    expect(onCopy).toHaveBeenCalledWith(expected);
    await waitFor(() => expect(screen.getAllByRole('status').some((s) => s.textContent === 'Copied')).toBe(true));
  });

  it('says so when the clipboard is refused, leaving the text to copy by hand', async () => {
    render(<InvitePanel groupId={GROUP} hub="https://hub.example" onCreateInvite={() => Promise.resolve(invite)} onCopy={() => Promise.resolve(false)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy embed snippet' }));
    await waitFor(() => expect(screen.getAllByRole('status').some((s) => /Couldn't copy/.test(s.textContent ?? ''))).toBe(true));
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Embed snippet' }));
  });

  it('shows a refused invite where it was asked for', async () => {
    render(<InvitePanel groupId={GROUP} hub="https://hub.example" onCreateInvite={() => Promise.resolve({ code: 'forbidden', message: 'Only moderators may invite.' })} onCopy={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    // The catalog's words for the hub's code, not the hub's English message.
    expect((await screen.findByRole('alert')).textContent).toBe('You are not allowed to do that in this group.');
    expect(screen.queryByRole('textbox', { name: 'Invite link' })).toBeNull();
  });

  it('offers nothing to share for a group kept on this device', () => {
    render(<InvitePanel groupId={GROUP} hub={null} onCreateInvite={vi.fn()} onCopy={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Invite' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Embed snippet' })).toBeNull();
  });

  it('stops showing a kept link once a removal revoked it, and shows the new one made elsewhere', async () => {
    const props = { groupId: GROUP, hub: 'https://hub.example', onCreateInvite: vi.fn(), onCopy: vi.fn() };
    const { rerender } = render(<InvitePanel {...props} invite={invite} />);
    expect((screen.getByRole('textbox', { name: 'Invite link' }) as HTMLInputElement).value).toBe(invite.url);
    rerender(<InvitePanel {...props} invite={null} />);
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Invite link' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Invite' })).toBeTruthy();
    const next = { ...invite, url: 'https://hub.example/join/Next12345678', code: 'Next12345678' };
    rerender(<InvitePanel {...props} invite={next} />);
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Invite link' }) as HTMLInputElement).value).toBe(next.url));
  });
});
