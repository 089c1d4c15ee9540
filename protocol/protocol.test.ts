import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ClientMessage,
  CreateGroupBody,
  errorStatus,
  GroupEvent,
  PageContext,
  PostMessageBody,
} from './index';

describe('protocol', () => {
  it('fills defaults and refuses what the hub refuses', () => {
    expect(CreateGroupBody.parse({ name: ' Knit ', ownerName: 'Ann' })).toMatchObject({
      name: 'Knit',
      topic: '',
      memberLimit: 30,
      allowRequests: false,
      session: 'token',
    });
    expect(CreateGroupBody.safeParse({ name: 'x', ownerName: 'y', memberLimit: 101 }).success).toBe(false);
    expect(CreateGroupBody.safeParse({ name: 'x', ownerName: 'y', extra: 1 }).success).toBe(false);
    expect(CreateGroupBody.safeParse({ name: 'a\u0007b', ownerName: 'y' }).success).toBe(false);
    expect(PostMessageBody.safeParse({ id: randomUUID(), body: 'line\n\tline' }).success).toBe(true);
    expect(PostMessageBody.safeParse({ id: 'not-a-uuid', body: 'x' }).success).toBe(false);
  });

  it('describes a page context as the site adapters make it', () => {
    const ctx = {
      site: 'reddit',
      community: 'r/knitting',
      kind: 'thread',
      id: 't3_1abcde',
      title: 'Heel flaps for beginners?',
      url: 'https://www.reddit.com/r/knitting/comments/1abcde/',
    };
    expect(PageContext.parse(ctx)).toEqual(ctx);
    expect(PageContext.safeParse({ ...ctx, url: 'javascript:alert(1)' }).success).toBe(false);
  });

  it('parses live messages and events', () => {
    const g = randomUUID();
    expect(ClientMessage.parse({ t: 'hello', token: 'nk_x' })).toEqual({ t: 'hello', token: 'nk_x', groups: {} });
    expect(ClientMessage.safeParse({ t: 'sub', groups: { [g]: -1 } }).success).toBe(false);
    const event = {
      groupId: g,
      seq: 3,
      at: 1,
      by: randomUUID(),
      kind: 'member.left',
      data: { memberId: randomUUID() },
    };
    expect(GroupEvent.parse(event)).toEqual(event);
    expect(GroupEvent.safeParse({ ...event, kind: 'member.joined' }).success).toBe(false);
  });

  it('answers refusals with 4xx only', () => {
    for (const [code, status] of Object.entries(errorStatus)) {
      if (code === 'internal') expect(status).toBe(500);
      else expect(Math.floor(status / 100), code).toBe(4);
    }
  });
});
