// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Discussion, type DiscussionProps } from '../discussion/Discussion';
import { MEMBERS, message, thread, T_GENERAL } from '../discussion/fixtures';

afterEach(cleanup);

const ok = () => Promise.resolve(null);

function setup(onReport: DiscussionProps['onReport']) {
  const mine = message({ mine: true, body: 'my own words' });
  const theirs = message({ body: 'buy cheap watches' });
  const props: DiscussionProps = {
    threads: [thread()],
    selectedThreadId: T_GENERAL,
    onSelectThread: vi.fn(),
    pageContext: null,
    onOpenPageThread: vi.fn(ok),
    messages: { status: 'ready', value: [mine, theirs], error: null },
    members: MEMBERS,
    canModerate: false,
    onSend: vi.fn(ok),
    onEdit: vi.fn(ok),
    onDelete: vi.fn(ok),
    onReact: vi.fn(ok),
    onRetry: vi.fn(ok),
    onDiscard: vi.fn(ok),
    onReport,
  };
  render(<Discussion {...props} />);
  const [a, b] = screen.getAllByRole('article');
  return { mine: a!, theirs: b!, theirId: theirs.id };
}

describe('Report on a message', () => {
  it('is offered on others’ messages only, asks what is wrong and why, and says it was sent', async () => {
    const onReport = vi.fn(ok);
    const { mine, theirs, theirId } = setup(onReport);
    expect(within(mine).queryByRole('button', { name: 'Report' })).toBeNull();
    fireEvent.click(within(theirs).getByRole('button', { name: 'Report' }));
    // The form is its own chunk, loaded on the first click.
    fireEvent.change(await within(theirs).findByRole('combobox', { name: 'What is wrong' }), { target: { value: 'harassment' } });
    fireEvent.input(within(theirs).getByRole('textbox', { name: 'Reason' }), { target: { value: 'Rude to Bo' } });
    fireEvent.click(within(theirs).getByRole('button', { name: 'Send report' }));
    await waitFor(() => expect(onReport).toHaveBeenCalledWith(theirId, 'harassment', 'Rude to Bo'));
    expect((await within(theirs).findByRole('status')).textContent).toBe('Reported. The moderators will look at it.');
  });

  it('shows the hub’s refusal where the report was made', async () => {
    const onReport = vi.fn(() => Promise.resolve({ code: 'already_reported', message: 'x' }));
    const { theirs } = setup(onReport);
    fireEvent.click(within(theirs).getByRole('button', { name: 'Report' }));
    fireEvent.click(await within(theirs).findByRole('button', { name: 'Send report' }));
    expect((await within(theirs).findByRole('alert')).textContent).toBe('You already reported this message. The moderators will look at it.');
  });

  it('is not offered where reporting does not exist (a group on this device only)', () => {
    const { theirs } = setup(undefined);
    expect(within(theirs).queryByRole('button', { name: 'Report' })).toBeNull();
  });
});
