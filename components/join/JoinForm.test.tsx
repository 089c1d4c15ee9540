// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NookError } from '../../protocol/errors';
import { JoinForm } from './JoinForm';

afterEach(cleanup);

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

describe('JoinForm', () => {
  it('prefills the name and joins with the link and name', async () => {
    const onJoin = vi.fn(() => Promise.resolve(null));
    render(<JoinForm defaultName="Ann" onJoin={onJoin} />);
    expect(field('Your name').value).toBe('Ann');
    fireEvent.input(field('Invite link or code'), { target: { value: '  https://hub.example/join/AbCdEf123456 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(onJoin).toHaveBeenCalledWith('https://hub.example/join/AbCdEf123456', 'Ann'));
  });

  it('refuses empty fields with a line at each, and focuses the first', () => {
    const onJoin = vi.fn();
    render(<JoinForm defaultName="" onJoin={onJoin} />);
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).not.toHaveBeenCalled();
    expect(field('Invite link or code').getAttribute('aria-invalid')).toBe('true');
    expect(field('Your name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Paste the invite link or code you were given.')).toBeTruthy();
    expect(screen.getByText('Enter the name the group will see.')).toBeTruthy();
    expect(document.activeElement).toBe(field('Invite link or code'));
  });

  it('shows "Joining…" while it works, then the refusal, keeping what was typed', async () => {
    let answer: (e: NookError | null) => void = () => {};
    render(<JoinForm defaultName="Ann" onJoin={() => new Promise((r) => (answer = r))} />);
    fireEvent.input(field('Invite link or code'), { target: { value: 'AbCdEf123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Joining…'));
    expect(screen.getByRole('button', { name: 'Join' }).hasAttribute('disabled')).toBe(true);
    answer({ code: 'invite_expired', message: 'This invite has expired.' });
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
    expect(field('Invite link or code').value).toBe('AbCdEf123456');
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('asks to join with an optional message, then says the request is waiting', async () => {
    const onRequest = vi.fn(() => Promise.resolve(null));
    const onJoin = vi.fn();
    render(<JoinForm defaultName="Ann" onJoin={onJoin} onRequest={onRequest} />);
    expect(screen.getAllByRole('button').filter((b) => /join/i.test(b.textContent ?? '')).map((b) => b.textContent)).toEqual(['Join']);
    fireEvent.click(screen.getByRole('button', { name: 'Ask the moderators' }));
    expect(screen.queryByRole('textbox', { name: 'Invite link or code' })).toBeNull();
    fireEvent.input(screen.getByRole('textbox', { name: 'Message to the moderators' }), { target: { value: 'Tuesday class' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
    await waitFor(() => expect(onRequest).toHaveBeenCalledWith('Ann', 'Tuesday class'));
    expect((await screen.findByRole('status')).textContent).toBe('Your request is waiting for a moderator');
    expect(onJoin).not.toHaveBeenCalled();
  });

  it('starts on the request form or the waiting line when told', () => {
    const { unmount } = render(<JoinForm defaultName="" onJoin={vi.fn()} onRequest={vi.fn()} initialMode="request" />);
    expect(screen.getByRole('textbox', { name: 'Message to the moderators' })).toBeTruthy();
    unmount();
    render(<JoinForm defaultName="" onJoin={vi.fn()} onRequest={vi.fn()} waiting />);
    expect(screen.getByText('Your request is waiting for a moderator')).toBeTruthy();
  });

  it('offers no request where the group does not take them', () => {
    render(<JoinForm defaultName="" onJoin={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Ask the moderators' })).toBeNull();
  });
});
