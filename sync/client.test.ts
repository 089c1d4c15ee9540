import { describe, expect, it } from 'vitest';
import { parseInviteLink } from './client';

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
