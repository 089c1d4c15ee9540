import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { zodValidate } from './validate';

const groupId = randomUUID();
const posted = (data: Record<string, unknown> = {}) => ({
  groupId,
  seq: 7,
  at: 1_700_000_000_000,
  by: null,
  kind: 'message.posted',
  data: {
    id: randomUUID(),
    groupId,
    threadId: randomUUID(),
    authorId: randomUUID(),
    body: 'Hello **there**',
    mentions: [],
    reactions: {},
    seq: 7,
    createdAt: 1_700_000_000_000,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    ...data,
  },
});
const frame = (events: unknown[]) => ({ t: 'events', group: groupId, events });

describe('what the background takes from a hub (sync/validate.ts)', () => {
  it('takes a well-formed frame and page of events', () => {
    expect(zodValidate.live(frame([posted()]))).toMatchObject({ t: 'events', group: groupId });
    expect(zodValidate.page({ events: [posted()], head: 7, more: false })).toMatchObject({ more: false });
  });

  it('refuses crafted events a malicious hub might send, whole frame and page alike', () => {
    const crafted = [
      posted({ body: { __html: '<img src=x onerror=alert(1)>' } }),
      posted({ authorId: '../../admin' }),
      posted({ reactions: { '👍': 'everyone' } }),
      posted({ seq: -1 }),
      { ...posted(), kind: 'member.promoted_to_admin' },
      { ...posted(), groupId: 'not-a-group' },
    ];
    for (const e of crafted) {
      expect(zodValidate.live(frame([posted(), e])), JSON.stringify(e).slice(0, 80)).toBeNull();
      expect(zodValidate.page({ events: [e], head: 7, more: false })).toBeNull();
    }
    expect(zodValidate.live({ t: 'events', group: groupId })).toBeNull();
    expect(zodValidate.live({ t: 'run', code: 'alert(1)' })).toBeNull();
    expect(zodValidate.live('{"t":"ready"}')).toBeNull();
  });
});
