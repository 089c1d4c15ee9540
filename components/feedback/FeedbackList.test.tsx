// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedbackRequest, FeedbackSummary } from '../../protocol/feedback';
import { Feedback, type FeedbackProps, type FeedbackRow } from './FeedbackList';

afterEach(cleanup);

const NOW = Date.UTC(2026, 5, 1, 12);
const request = (patch: Partial<FeedbackRequest> = {}): FeedbackRequest => ({
  id: 'f1',
  groupId: 'g1',
  askedBy: 'u-own',
  question: 'How was week 3?',
  rating: true,
  text: true,
  closesAt: null,
  closedAt: null,
  createdAt: NOW - 3600_000,
  answers: 0,
  ...patch,
});
const row = (data: FeedbackRequest, patch: Partial<FeedbackRow> = {}): FeedbackRow => ({
  groupId: 'g1',
  kind: 'feedback',
  id: data.id,
  data,
  delivery: 'sent',
  error: null,
  fromEvent: true,
  ...patch,
});
const summary = (f: FeedbackRequest): FeedbackSummary => ({
  request: f,
  average: 4.5,
  distribution: [0, 0, 0, 1, 1],
  answers: [
    { memberId: 'u-bo', name: 'Bo', rating: 4, text: 'Good pace', answeredAt: NOW },
    { memberId: 'u-cy', name: 'Cy', rating: 5, text: '', answeredAt: NOW },
  ],
});

function setup(rows: FeedbackRow[], patch: Partial<FeedbackProps> = {}) {
  const props: FeedbackProps = {
    state: { status: 'ready', value: rows, error: null },
    memberId: 'u-bo',
    role: 'member',
    names: new Map([
      ['u-own', 'Olga'],
      ['u-bo', 'Bo'],
    ]),
    now: NOW,
    outboxBusy: false,
    onAsk: vi.fn(() => Promise.resolve(null)),
    onAnswer: vi.fn(() => Promise.resolve(null)),
    onClose: vi.fn(() => Promise.resolve(null)),
    onDiscard: vi.fn(() => Promise.resolve(null)),
    loadSummary: vi.fn((id: string) => Promise.resolve({ ok: true as const, value: summary(rows.find((r) => r.id === id)!.data) })),
    onExport: vi.fn(() => Promise.resolve(null)),
    ...patch,
  };
  render(<Feedback {...props} />);
  return props;
}

const card = (question: string) => screen.getAllByRole('listitem').find((li) => within(li).queryByRole('heading', { name: question }))!;

describe('Feedback', () => {
  it('lets a member rate and answer, once the rating is chosen from five radios', async () => {
    const props = setup([row(request())]);
    expect(screen.queryByRole('button', { name: 'Ask for feedback' })).toBeNull();
    const group = screen.getByRole('radiogroup', { name: 'Rating' });
    expect(within(group).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['1', '2', '3', '4', '5']);
    fireEvent.click(screen.getByRole('button', { name: 'Submit feedback' }));
    expect(await screen.findByText('Choose a rating or write an answer.')).toBeTruthy();
    expect(props.onAnswer).not.toHaveBeenCalled();
    fireEvent.click(within(group).getByRole('radio', { name: '4' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Your answer' }), { target: { value: '  Good pace ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit feedback' }));
    await waitFor(() => expect(props.onAnswer).toHaveBeenCalledWith('f1', { rating: 4, text: 'Good pace' }));
    // Members do not see the answers.
    expect(props.loadSummary).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).toBeNull();
  });

  it('shows my answer as given, and no way to answer once the request closed', () => {
    setup([row(request({ closesAt: NOW - 1 }), { myAnswer: { rating: 2, text: 'Too fast' } })]);
    const c = card('How was week 3?');
    expect(within(c).getByText('Closed')).toBeTruthy();
    expect((within(c).getByRole('radio', { name: '2' }) as HTMLInputElement).checked).toBe(true);
    expect((within(c).getByRole('textbox', { name: 'Your answer' }) as HTMLTextAreaElement).value).toBe('Too fast');
    expect(within(c).queryByRole('button', { name: 'Submit feedback' })).toBeNull();
    expect(within(c).getByText('Your feedback is in. This request is closed.')).toBeTruthy();
  });

  it('shows the asker the average, the spread and the answers, with Export CSV and Close, and no answer form', async () => {
    const props = setup([row(request({ askedBy: 'u-bo', answers: 2 }))], { role: 'moderator' });
    const c = card('How was week 3?');
    expect(await within(c).findByText('4.5 out of 5')).toBeTruthy();
    expect(within(c).getByText('Average')).toBeTruthy();
    expect(within(within(c).getByRole('list', { name: 'Ratings' })).getAllByRole('listitem')).toHaveLength(5);
    expect(within(within(c).getByRole('list', { name: 'Answers' })).getByText('Good pace')).toBeTruthy();
    expect(within(c).queryByRole('radiogroup', { name: 'Rating' })).toBeNull();
    fireEvent.click(within(c).getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(props.onExport).toHaveBeenCalled());
    fireEvent.click(within(c).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(props.onClose).toHaveBeenCalledWith('f1'));
  });

  it('shows the owner the summary of a moderator’s request', async () => {
    const props = setup([row(request({ askedBy: 'u-mod' }))], { role: 'owner', memberId: 'u-own' });
    await waitFor(() => expect(props.loadSummary).toHaveBeenCalledWith('f1'));
    expect(await screen.findByText('4.5 out of 5')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
  });

  it('asks: owners and moderators fill the question, what to ask for, and an optional closing time', async () => {
    const props = setup([], { role: 'moderator' });
    expect(screen.getByText('No feedback requests yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ask for feedback' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Question' }), { target: { value: 'Pace?' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Written answer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    await waitFor(() => expect(props.onAsk).toHaveBeenCalledWith({ question: 'Pace?', rating: true, text: false, closesAt: null }));
  });

  it('keeps a request the hub refused, with its reason and Discard', async () => {
    const props = setup([row(request({ askedBy: 'u-bo' }), { delivery: 'failed', error: { code: 'forbidden', message: 'Only owners and moderators ask for feedback.' } })], { role: 'member' });
    expect(screen.getByRole('alert').textContent).toMatch(/^Not sent:/);
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(props.onDiscard).toHaveBeenCalledWith('f1'));
  });
});
