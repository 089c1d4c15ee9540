// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NookError } from '../../protocol/errors';
import { ImportArchive } from './ImportArchive';

afterEach(cleanup);

type Input = { key: string; hub: string; ownerName: string; text: string };

const file = (name: string, text: string) => new File([text], name, { type: 'application/json', lastModified: 1 });
const choose = (f: File) => fireEvent.change(screen.getByLabelText('Archive file'), { target: { files: [f] } });
const submit = () => fireEvent.submit(screen.getByRole('button', { name: 'Import archive' }).closest('form')!);
const unreachable: NookError = { code: 'hub_unreachable', message: 'The hub could not be reached (Failed to fetch).' };

describe('ImportArchive', () => {
  it('sends an import again with the same key after a failure, and a new file with a new key', async () => {
    const answers: (NookError | null)[] = [unreachable, unreachable, null];
    const onImport = vi.fn((_: Input) => Promise.resolve(answers.shift() ?? null));
    render(<ImportArchive defaultHub="https://hub.example" defaultName="Ada" onImport={onImport} onCancel={() => undefined} />);
    choose(file('bakers.json', '{"format":"nook-archive"}'));
    submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/could not be reached/));
    // The member tries again, then picks the same file again and tries once more: one import, one key.
    submit();
    await waitFor(() => expect(onImport).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Import archive' }).hasAttribute('disabled')).toBe(false));
    choose(file('bakers.json', '{"format":"nook-archive"}'));
    submit();
    await waitFor(() => expect(onImport).toHaveBeenCalledTimes(3));
    const keys = onImport.mock.calls.map(([input]) => input.key);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
    expect(onImport.mock.calls[0]![0]).toMatchObject({ hub: 'https://hub.example', ownerName: 'Ada', text: '{"format":"nook-archive"}' });

    // Another archive is another import.
    choose(file('knitters.json', '{"format":"nook-archive","other":true}'));
    submit();
    await waitFor(() => expect(onImport).toHaveBeenCalledTimes(4));
    expect(onImport.mock.calls[3]![0].key).not.toBe(keys[0]);
  });

  it('is sent once however fast the button is pressed: disabled until the hub answers', async () => {
    let answer: (e: NookError | null) => void = () => undefined;
    const onImport = vi.fn((_: Input) => new Promise<NookError | null>((r) => (answer = r)));
    render(<ImportArchive defaultHub="https://hub.example" defaultName="Ada" onImport={onImport} onCancel={() => undefined} />);
    choose(file('bakers.json', '{}'));
    const button = screen.getByRole('button', { name: 'Import archive' });
    // A double click: both presses land before anything re-renders.
    submit();
    submit();
    await waitFor(() => expect(onImport).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(true));
    submit();
    expect(onImport).toHaveBeenCalledTimes(1);
    answer(unreachable);
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    expect(onImport).toHaveBeenCalledTimes(1);
  });
});
