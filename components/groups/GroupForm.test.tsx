// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupForm } from './GroupForm';

afterEach(cleanup);

describe('GroupForm', () => {
  it('names each field by its label alone; the hint is its description', () => {
    render(<GroupForm defaultHub="https://hub.example" defaultName="Ann" onSubmit={() => Promise.resolve(null)} />);
    // Testing Library matches a string name exactly: "Hub Leave empty to …" would not be found.
    screen.getByRole('textbox', { name: 'Hub', description: /this device/ });
    screen.getByRole('spinbutton', { name: 'Member limit', description: /100/ });
    screen.getByRole('textbox', { name: 'Your name', description: /see this name/ });
    screen.getByRole('textbox', { name: 'Group name' });
  });

  it('marks an out-of-range member limit invalid, says why in its description, and does not submit', async () => {
    const onSubmit = vi.fn(() => Promise.resolve(null));
    render(<GroupForm defaultHub="" defaultName="" onSubmit={onSubmit} />);
    const limit = screen.getByRole('spinbutton', { name: 'Member limit' });
    fireEvent.input(limit, { target: { value: '150' } });
    await waitFor(() => expect(limit.getAttribute('aria-invalid')).toBe('true'));
    screen.getByRole('spinbutton', { name: 'Member limit', description: /whole number from 2 to 100/ });
    expect(screen.getByRole('button', { name: 'Create group' }).hasAttribute('disabled')).toBe(true);
    fireEvent.input(limit, { target: { value: '25' } });
    await waitFor(() => expect(limit.getAttribute('aria-invalid')).toBeNull());
    fireEvent.input(screen.getByRole('textbox', { name: 'Group name' }), { target: { value: 'Bakers' } });
    fireEvent.submit(limit.closest('form')!);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ name: 'Bakers', memberLimit: 25, hub: '' })));
  });
});
