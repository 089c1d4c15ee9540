// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NookError } from '../../protocol/errors';
import { MAX_MESSAGE } from '../../protocol/limits';
import type { MessageItem } from '../../sync/types';
import { Discussion, type DiscussionProps } from './Discussion';
import { MEMBERS, message, thread, T_GENERAL } from './fixtures';
import { mentionAt, suggestMembers } from './mentions';

afterEach(cleanup);

const ok = () => Promise.resolve(null);
const ready = (value: MessageItem[]) => ({ status: 'ready' as const, value, error: null });

function setup(patch: Partial<DiscussionProps> = {}) {
  const props: DiscussionProps = {
    threads: [thread()],
    selectedThreadId: T_GENERAL,
    onSelectThread: vi.fn(),
    pageContext: null,
    onOpenPageThread: vi.fn(ok),
    messages: ready([]),
    members: MEMBERS,
    canModerate: false,
    onSend: vi.fn(ok),
    onEdit: vi.fn(ok),
    onDelete: vi.fn(ok),
    onReact: vi.fn(ok),
    onRetry: vi.fn(ok),
    onDiscard: vi.fn(ok),
    onMarkRead: vi.fn(),
    ...patch,
  };
  const view = render(<Discussion {...props} />);
  return { props, ...view, rerenderWith: (p: Partial<DiscussionProps>) => view.rerender(<Discussion {...props} {...p} />) };
}

const composer = () => screen.getByRole('textbox', { name: 'Write a message' }) as HTMLTextAreaElement;
const type = (el: HTMLTextAreaElement, value: string) => fireEvent.input(el, { target: { value } });

describe('Discussion: reading', () => {
  it('shows each message as an article named by author and time, with the Markdown body', () => {
    setup({ messages: ready([message({ body: 'Heel flaps are **easy**', editedAt: Date.now() }), message({ authorName: 'Bob', deleted: true, body: '' })]) });
    const articles = screen.getAllByRole('article');
    expect(articles).toHaveLength(2);
    expect(articles[0]!.getAttribute('aria-label')).toBe('Ann Lee, 5 minutes ago');
    expect(within(articles[0]!).getByText('easy').tagName).toBe('STRONG');
    expect(within(articles[0]!).getByText('(edited)')).toBeTruthy();
    expect(articles[0]!.querySelector('time')?.getAttribute('dateTime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(within(articles[1]!).getByText('Message deleted')).toBeTruthy();
  });

  it('says when there is nothing yet, while loading, and when loading failed', () => {
    const { rerenderWith } = setup();
    expect(screen.getByText('No messages yet. Say hello!')).toBeTruthy();
    rerenderWith({ messages: { status: 'loading', value: undefined, error: null } });
    expect(screen.getByText('Loading…')).toBeTruthy();
    rerenderWith({ messages: { status: 'error', value: undefined, error: { code: 'unexpected', message: 'boom' } } });
    expect(screen.getByRole('alert').textContent).toBe('Something went wrong. Please try again.');
  });

  it('marks messages that mention the viewer', () => {
    setup({ messages: ready([message({ mentionsMe: true, body: '@Me Myself look' })]) });
    const article = screen.getByRole('article');
    expect(article.classList.contains('mentions-me')).toBe(true);
    expect(within(article).getByText('Mentions you')).toBeTruthy();
  });

  it('announces a new message from someone else, not the whole log', () => {
    const first = message();
    const { rerenderWith } = setup({ messages: ready([first]) });
    const live = document.querySelector('[aria-live="polite"].sr-only')!;
    expect(live.textContent).toBe('');
    rerenderWith({ messages: ready([first, message({ authorName: 'Bob', body: 'hi there' })]) });
    expect(live.textContent).toBe('New message from Bob');
    expect(screen.getByRole('region', { name: 'Messages' }).getAttribute('aria-live')).toBeNull();
  });

  it('offers "New messages" instead of jumping when the member scrolled up to read', () => {
    const first = message();
    const { rerenderWith } = setup({ messages: ready([first]) });
    const log = screen.getByRole('region', { name: 'Messages' });
    Object.defineProperty(log, 'scrollHeight', { configurable: true, value: 1000 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, value: 200 });
    log.scrollTop = 100;
    fireEvent.scroll(log);
    rerenderWith({ messages: ready([first, message({ authorName: 'Bob' })]) });
    const jump = screen.getByRole('button', { name: 'New messages' });
    log.scrollTo = vi.fn() as unknown as typeof log.scrollTo;
    fireEvent.click(jump);
    expect(log.scrollTo).toHaveBeenCalledWith({ top: 1000, behavior: 'smooth' });
    expect(screen.queryByRole('button', { name: 'New messages' })).toBeNull();
  });

  it('marks the thread read once its newest message is in view', () => {
    const { props } = setup({ threads: [thread({ unread: 2 })], messages: ready([message()]) });
    expect(props.onMarkRead).toHaveBeenCalledWith(T_GENERAL);
  });
});

describe('Discussion: writing', () => {
  it('sends with Enter, keeps Shift+Enter for a new line, and clears the draft once sent', async () => {
    const { props } = setup();
    const box = composer();
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true);
    type(box, 'Hello group');
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(false);
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(props.onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(props.onSend).toHaveBeenCalledWith('Hello group', T_GENERAL);
    await waitFor(() => expect(composer().value).toBe(''));
  });

  it('sends with Ctrl+Enter and with the Send button', async () => {
    const { props } = setup();
    type(composer(), 'one');
    fireEvent.keyDown(composer(), { key: 'Enter', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(props.onSend).toHaveBeenCalledWith('one', T_GENERAL));
    await waitFor(() => expect(composer().value).toBe(''));
    type(composer(), 'two');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(props.onSend).toHaveBeenCalledWith('two', T_GENERAL));
  });

  it('keeps the draft and shows why when sending fails', async () => {
    const refused: NookError = { code: 'unexpected', message: 'no' };
    setup({ onSend: vi.fn(() => Promise.resolve(refused)) });
    type(composer(), 'Please keep me');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong. Please try again.');
    expect(composer().value).toBe('Please keep me');
    expect(composer().getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses a message over the length limit with a clear line, keeping the text', () => {
    const { props } = setup();
    type(composer(), 'x'.repeat(MAX_MESSAGE + 1));
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/too long to send: the limit is 20,000 characters/)).toBeTruthy();
    fireEvent.keyDown(composer(), { key: 'Enter' });
    expect(props.onSend).not.toHaveBeenCalled();
    expect(composer().value).toHaveLength(MAX_MESSAGE + 1);
  });

  it('keeps a draft per thread', () => {
    const other = thread({ id: 't2', title: 'Lesson 2' });
    const { rerenderWith, props } = setup({ threads: [thread(), other] });
    type(composer(), 'for general');
    rerenderWith({ selectedThreadId: 't2' });
    expect(composer().value).toBe('');
    rerenderWith({ selectedThreadId: T_GENERAL });
    expect(composer().value).toBe('for general');
    expect(props.onSend).not.toHaveBeenCalled();
  });
});

describe('Discussion: @mentions', () => {
  it('offers matching names and picks one with the arrow keys and Enter, without sending', () => {
    const { props } = setup();
    const box = composer();
    type(box, 'Thanks @an');
    const list = screen.getByRole('listbox', { name: 'Members to mention' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Anand', 'Ann Lee']);
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('Thanks @Ann Lee ');
    expect(props.onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('picks with Tab, and does not offer the viewer', () => {
    setup();
    const box = composer();
    type(box, '@b');
    fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('@Bob ');
    type(box, '@Me');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('closes on Escape (claiming the key so the sidebar stays open) and stays closed for that @', () => {
    const { props } = setup();
    const box = composer();
    type(box, '@an');
    const esc = fireEvent.keyDown(box, { key: 'Escape' });
    expect(esc).toBe(false); // default prevented
    expect(screen.queryByRole('listbox')).toBeNull();
    type(box, '@ann');
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(props.onSend).toHaveBeenCalledWith('@ann', T_GENERAL);
  });

  it('finds the @name at the caret, but not inside an e-mail address', () => {
    expect(mentionAt('hi @Ann L', 9)).toEqual({ start: 3, query: 'Ann L' });
    expect(mentionAt('mail ann@example.com', 20)).toBeNull();
    expect(mentionAt('@ ', 2)).toBeNull();
    expect(suggestMembers(MEMBERS, 'lee').map((m) => m.name)).toEqual(['Ann Lee']);
  });
});

describe('Discussion: acting on messages', () => {
  it('asks before deleting one’s own message, and can be cancelled', async () => {
    const mine = message({ mine: true, authorName: 'Me Myself' });
    const { props } = setup({ messages: ready([mine]) });
    const article = screen.getByRole('article');
    fireEvent.click(within(article).getByRole('button', { name: 'Delete' }));
    const confirm = within(article).getByRole('group', { name: 'Delete this message?' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(props.onDelete).not.toHaveBeenCalled();
    fireEvent.click(within(article).getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(article).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(props.onDelete).toHaveBeenCalledWith(mine.id));
  });

  it('lets moderators delete anyone’s message, and nobody else', () => {
    const theirs = message();
    const { rerenderWith } = setup({ messages: ready([theirs]) });
    expect(within(screen.getByRole('article')).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(within(screen.getByRole('article')).queryByRole('button', { name: 'Edit' })).toBeNull();
    rerenderWith({ canModerate: true });
    expect(within(screen.getByRole('article')).getByRole('button', { name: 'Delete' })).toBeTruthy();
    expect(within(screen.getByRole('article')).queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('edits one’s own message in place', async () => {
    const mine = message({ mine: true, body: 'teh typo' });
    const { props } = setup({ messages: ready([mine]) });
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    // The edit form is its own chunk, loaded on the first edit.
    const box = (await screen.findByRole('textbox', { name: 'Edit message' })) as HTMLTextAreaElement;
    await waitFor(() => expect(document.activeElement).toBe(box));
    type(box, 'the typo');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(props.onEdit).toHaveBeenCalledWith(mine.id, 'the typo'));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull());
  });

  it('toggles reactions and adds one from the palette', () => {
    const m = message({ reactions: [{ emoji: '👍', count: 2, mine: true }, { emoji: '❤️', count: 1, mine: false }] });
    const { props } = setup({ messages: ready([m]) });
    const thumbs = screen.getByRole('button', { name: '👍 2 reactions', pressed: true });
    fireEvent.click(thumbs);
    expect(props.onReact).toHaveBeenCalledWith(m.id, '👍', false);
    fireEvent.click(screen.getByRole('button', { name: '❤️ 1 reaction', pressed: false }));
    expect(props.onReact).toHaveBeenCalledWith(m.id, '❤️', true);
    const add = screen.getByRole('button', { name: 'Add reaction' });
    fireEvent.click(add);
    expect(add.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'React with 🎉' }));
    expect(props.onReact).toHaveBeenCalledWith(m.id, '🎉', true);
    expect(screen.queryByRole('button', { name: 'React with 🎉' })).toBeNull();
    expect(document.activeElement).toBe(add);
  });

  it('shows a pending message as sending, and a failed one with its reason, Retry and Discard', () => {
    const pending = message({ mine: true, delivery: 'pending' });
    const failed = message({ mine: true, delivery: 'failed', error: { code: 'rate_limited', message: 'Slow down a little.' } });
    const { props } = setup({ messages: ready([pending, failed]) });
    const [a, b] = screen.getAllByRole('article');
    expect(within(a!).getByText('Sending…')).toBeTruthy();
    expect(within(a!).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(b!).getByText('Not sent: That was a lot at once. Wait a moment and try again.')).toBeTruthy();
    fireEvent.click(within(b!).getByRole('button', { name: 'Retry' }));
    expect(props.onRetry).toHaveBeenCalledWith(failed.id);
    fireEvent.click(within(b!).getByRole('button', { name: 'Discard' }));
    expect(props.onDiscard).toHaveBeenCalledWith(failed.id);
  });

  it('shows a refused action inside the message it concerns', async () => {
    const m = message();
    setup({ messages: ready([m]), onReact: vi.fn(() => Promise.resolve({ code: 'unexpected', message: 'x' })) });
    fireEvent.click(screen.getByRole('button', { name: 'Add reaction' }));
    fireEvent.click(screen.getByRole('button', { name: 'React with 👍' }));
    const alert = await screen.findByRole('alert');
    expect(screen.getByRole('article').contains(alert)).toBe(true);
  });
});

describe('Discussion: threads', () => {
  const page = { title: 'Heel flaps for beginners?', url: 'https://www.reddit.com/r/knitting/comments/1abcde/' };

  it('opens the page’s thread through the caller when there is none yet', async () => {
    const { props } = setup({ pageContext: page });
    const button = screen.getByRole('button', { name: 'This page' });
    expect(button.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(page.title)).toBeTruthy();
    fireEvent.click(button);
    await waitFor(() => expect(props.onOpenPageThread).toHaveBeenCalled());
  });

  it('selects threads, marks the current one and tells unread counts', () => {
    const anchored = thread({
      id: 't-page',
      anchor: { site: 'reddit', community: 'r/knitting', kind: 'thread', id: 't3_1abcde', title: page.title, url: page.url },
      unread: 3,
    });
    const other = thread({ id: 't-other', title: 'Lesson 4', unread: 1 });
    const { props } = setup({ pageContext: page, threads: [thread(), anchored, other] });
    const nav = screen.getByRole('navigation', { name: 'Threads' });
    expect(within(nav).getByRole('button', { name: 'General discussion' }).getAttribute('aria-current')).toBe('true');
    const pageBtn = within(nav).getByRole('button', { name: 'This page' });
    const described = document.getElementById(pageBtn.getAttribute('aria-describedby')!.split(' ')[1]!);
    expect(described?.textContent).toBe('3 unread messages');
    fireEvent.click(pageBtn);
    expect(props.onSelectThread).toHaveBeenCalledWith('t-page');
    expect(props.onOpenPageThread).not.toHaveBeenCalled();
    fireEvent.click(within(nav).getByRole('button', { name: 'Lesson 4' }));
    expect(props.onSelectThread).toHaveBeenCalledWith('t-other');
  });

  it('needs no picker for a lone general discussion', () => {
    setup();
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});
