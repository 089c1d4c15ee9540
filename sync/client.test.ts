import { describe, expect, it } from 'vitest';
import { UserError } from '../protocol/errors';
import { parseInviteLink, unwrap } from './client';
import { asError } from './errors';

describe('a hub refusal', () => {
  it('keeps its params (a mute’s end and reason, the seconds to wait) for the catalog message, through the row it is kept on', async () => {
    const refusal = { code: 'slow_mode', message: 'Slow mode is on: wait 27 seconds before your next message.', params: { seconds: 27, junk: { a: 1 } } };
    const answer = new Response(JSON.stringify({ error: refusal }), { status: 429, headers: { 'Retry-After': '27', 'content-type': 'application/json' } });
    const e = await unwrap(Promise.resolve(answer as never)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(asError(e)).toEqual({ code: 'slow_mode', message: refusal.message, params: { seconds: 27, retryAfter: 27 } });
    const plain = new Response(JSON.stringify({ error: { code: 'forbidden', message: 'No.' } }), { status: 403 });
    expect(asError(await unwrap(Promise.resolve(plain as never)).catch((x: unknown) => x))).toEqual({ code: 'forbidden', message: 'No.' });
  });
});

describe('parseInviteLink', () => {
  it('reads a hub and a code from an invite link', () => {
    expect(parseInviteLink('https://hub.example/join/Ab3_de-Fgh', null)).toEqual({ hub: 'https://hub.example', code: 'Ab3_de-Fgh' });
    expect(parseInviteLink(' http://127.0.0.1:8787/join/abcdefgh12/ ', null)).toEqual({ hub: 'http://127.0.0.1:8787', code: 'abcdefgh12' });
    expect(parseInviteLink('https://example.com/nook/join/abcdefgh12', null)).toEqual({ hub: 'https://example.com/nook', code: 'abcdefgh12' });
  });
  it('takes a bare code on the default hub only', () => {
    expect(parseInviteLink('abcdefgh12', 'https://hub.example/')).toEqual({ hub: 'https://hub.example', code: 'abcdefgh12' });
    expect(parseInviteLink('abcdefgh12', null)).toBeNull();
  });
  it('refuses what is not an invite', () => {
    for (const bad of ['', 'hello', 'https://hub.example/groups/abc', 'javascript:alert(1)//join/abcdefgh12', 'ftp://x/join/abcdefgh12']) {
      expect(parseInviteLink(bad, 'https://hub.example')).toBeNull();
    }
  });
});
