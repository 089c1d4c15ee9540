// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageItem } from '../../sync/types';
import { Discussion, type DiscussionProps } from './Discussion';
import { MEMBERS, member, message, thread, T_GENERAL } from './fixtures';

/** The discussion of a moderated group: a muted member's composer, the slow mode, warnings (issue #17). */

const NOW = Date.UTC(2030, 0, 15, 12, 0, 0);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const ok = () => Promise.resolve(null);
const ready = (value: MessageItem[]) => ({ status: 'ready' as const, value, error: null });
/** Me as a plain member (slow mode holds me), muted until `mutedUntil` when given. */
const asMember = (mutedUntil: number | null = null) => MEMBERS.map((m) => (m.self ? member({ ...m, role: 'member', mutedUntil }) : m));

function setup(patch: Partial<DiscussionProps> = {}) {
  const props: DiscussionProps = {
    threads: [thread()],
    selectedThreadId: T_GENERAL,
    onSelectThread: vi.fn(),
    pageContext: null,
    onOpenPageThread: vi.fn(ok),
    messages: ready([]),
    members: asMember(),
    canModerate: false,
    onSend: vi.fn(ok),
    onEdit: vi.fn(ok),
    onDelete: vi.fn(ok),
    onReact: vi.fn(ok),
    onRetry: vi.fn(ok),
    onDiscard: vi.fn(ok),
    ...patch,
  };
  const view = render(<Discussion {...props} />);
  return { props, rerenderWith: (p: Partial<DiscussionProps>) => view.rerender(<Discussion {...props} {...p} />) };
}

const composer = () => screen.getByRole('textbox', { name: 'Write a message' }) as HTMLTextAreaElement;
const sendButton = () => screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
const type = (value: string) => fireEvent.input(composer(), { target: { value } });
const pass = (ms: number) => act(() => void vi.advanceTimersByTime(ms));
const flush = () => act(async () => void (await Promise.resolve()));

describe('Discussion: a muted member', () => {
  it('has the composer shut with until when and why, and open again when the mute ends', async () => {
    const until = NOW + 10 * 60_000;
    setup({ members: asMember(until), standing: { mutedUntil: until, muteReason: 'Cool down', warnings: [], slowModeSeconds: 0 } });
    expect(composer().disabled).toBe(true);
    expect(sendButton().disabled).toBe(true);
    const notice = screen.getByRole('status');
    expect(notice.textContent).toMatch(/^You are muted until Jan 15, 2030.*: Cool down$/);
    // The notice describes the composer, so a screen reader says why it is shut.
    expect(composer().getAttribute('aria-describedby')?.split(' ')).toContain(notice.id);

    pass(9 * 60_000);
    expect(composer().disabled).toBe(true);
    pass(60_000);
    expect(composer().disabled).toBe(false);
    expect(notice.textContent).toBe('');
    type('Back again');
    expect(sendButton().disabled).toBe(false);
  });

  it('is shut as soon as the mute arrives (the reason follows from the hub), and a past mute shuts nothing', () => {
    const { rerenderWith } = setup({ members: asMember(NOW - 1000) });
    expect(composer().disabled).toBe(false);
    rerenderWith({ members: asMember(NOW + 60_000) });
    expect(composer().disabled).toBe(true);
    rerenderWith({ members: asMember(NOW + 60_000), standing: { mutedUntil: NOW + 60_000, muteReason: 'Spam', warnings: [], slowModeSeconds: 0 } });
    expect(screen.getByRole('status').textContent).toMatch(/: Spam$/);
  });
});

describe('Discussion: slow mode', () => {
  it('after a post, says how long to wait, counting down, with Send shut until then', async () => {
    const { props } = setup({ slowModeSeconds: 30 });
    type('First');
    fireEvent.click(sendButton());
    await flush();
    expect(props.onSend).toHaveBeenCalledWith('First', T_GENERAL);
    type('Second');
    expect(screen.getByText('Slow mode: wait 30 seconds.')).toBeTruthy();
    expect(sendButton().disabled).toBe(true);
    pass(1000);
    expect(screen.getByText('Slow mode: wait 29 seconds.')).toBeTruthy();
    pass(28_000);
    expect(screen.getByText('Slow mode: wait 1 second.')).toBeTruthy();
    pass(1000);
    expect(screen.queryByText(/Slow mode: wait/)).toBeNull();
    expect(sendButton().disabled).toBe(false);
  });

  it('counts from the member’s newest message in the thread, and from the hub’s refusal of one that came too soon', () => {
    const mine = message({ mine: true, authorId: 'u-me', createdAt: NOW - 20_000 });
    const { rerenderWith } = setup({ slowModeSeconds: 30, messages: ready([mine]) });
    expect(screen.getByText('Slow mode: wait 10 seconds.')).toBeTruthy();
    const refused = message({
      mine: true,
      authorId: 'u-me',
      createdAt: NOW,
      delivery: 'failed',
      error: { code: 'slow_mode', message: 'Slow mode is on: wait 25 seconds before your next message.', params: { seconds: 25 } },
    });
    rerenderWith({ slowModeSeconds: 30, messages: ready([mine, refused]) });
    expect(screen.getByText('Slow mode: wait 25 seconds.')).toBeTruthy();
    // The refused message says why, in the member's language, from the hub's own numbers.
    expect(screen.getByText('Not sent: Slow mode is on: wait 25 seconds before your next message.')).toBeTruthy();
  });

  it('holds back no owner or moderator, and nobody once it is off', async () => {
    const mine = message({ mine: true, authorId: 'u-me', createdAt: NOW - 1000 });
    const { rerenderWith } = setup({ slowModeSeconds: 30, canModerate: true, messages: ready([mine]) });
    type('Again');
    expect(screen.queryByText(/Slow mode: wait/)).toBeNull();
    expect(sendButton().disabled).toBe(false);
    rerenderWith({ slowModeSeconds: 0, canModerate: false, messages: ready([mine]) });
    expect(screen.queryByText(/Slow mode: wait/)).toBeNull();
    expect(sendButton().disabled).toBe(false);
  });
});

describe('Discussion: warnings', () => {
  it('shows each warning given to the member until they dismiss it', () => {
    const onDismissWarning = vi.fn();
    const { rerenderWith } = setup({ warnings: [{ id: 'w1', note: 'Keep it kind', at: NOW - 1000 }], onDismissWarning });
    expect(screen.getByText('A moderator warned you: Keep it kind')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismissWarning).toHaveBeenCalledWith('w1');
    rerenderWith({ warnings: [] });
    expect(screen.queryByText(/A moderator warned you/)).toBeNull();
  });
});
