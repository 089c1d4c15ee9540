// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubStatus } from '../../sync/types';
import { SyncStatus } from './SyncStatus';

afterEach(cleanup);

const status = (patch: Partial<HubStatus>): HubStatus => ({ hub: 'https://hub.example', state: 'online', behind: 0, pending: 0, error: null, since: 0, ...patch });
const line = (s: HubStatus, showHub = false) => {
  render(<SyncStatus status={s} showHub={showHub} />);
  const text = screen.getByRole('status').textContent;
  cleanup();
  return text;
};

describe('SyncStatus', () => {
  it('says how the connection stands', () => {
    expect(line(status({ state: 'online' }))).toBe('Connected');
    expect(line(status({ state: 'offline' }))).toBe('Offline — messages will be sent when the hub is back');
    expect(line(status({ state: 'catching-up', behind: 1234 }))).toBe('Catching up (1,234 to go)');
    expect(line(status({ state: 'connecting' }))).toBe('Connecting…');
  });

  it('counts writes waiting to go out', () => {
    expect(line(status({ state: 'offline', pending: 2 }))).toBe('Offline — messages will be sent when the hub is back · 2 waiting to send');
    expect(line(status({ state: 'online', pending: 1 }))).toBe('Connected · 1 waiting to send');
  });

  it('names the hub when asked, and the reason it is down', () => {
    expect(line(status({ state: 'offline', error: { code: 'hub_unreachable', message: 'x' } }), true)).toBe(
      'hub.example: Offline — messages will be sent when the hub is back · The hub could not be reached. Check the address, or try again when you are online.',
    );
  });

  it('signed out by the hub, says only that and how to get back in, promising nothing about sending', () => {
    expect(line(status({ state: 'offline', pending: 1, error: { code: 'token_expired', message: 'x' } }), true)).toBe(
      'hub.example: This device was signed out after a long time unused. Sign in again: join with an invite, or link it from another device.',
    );
    for (const code of ['bad_token', 'unauthorized']) {
      expect(line(status({ state: 'offline', pending: 2, error: { code, message: 'x' } }))).toBe(
        'Signed out of this hub. Sign in again: join with an invite, or link this device from another one.',
      );
    }
  });
});
