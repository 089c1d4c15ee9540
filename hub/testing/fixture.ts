import { randomUUID } from 'node:crypto';
import type { Api } from './api';
import { expectOk } from './api';

/**
 * A group with one of everything (member, moderator, invite, pending request, thread,
 * messages), so that every operation has something real to act on.
 */
export async function populatedGroup(api: Api, name = 'Target') {
  const owner = await api.group({ name, allowRequests: true });
  const groupId = owner.groupId;
  const member = await api.member(groupId, owner.token, 'Mem');
  const moderator = await api.member(groupId, owner.token, 'Mod');
  expectOk(await api.put(`/groups/${groupId}/members/${moderator.memberId}/role`, { role: 'moderator' }, owner.token));
  const invite = await api.invite(groupId, owner.token);
  const request = await api.post(`/groups/${groupId}/requests`, { name: 'Asker' });
  expectOk(request);
  const threadId = await api.thread(groupId, owner.token, { title: 'General' });
  const message = await api.message(groupId, threadId, owner.token, 'first @Mem');
  const second = await api.message(groupId, threadId, member.token, 'second');
  const goal = async (token: string) => {
    const r = await api.post(`/groups/${groupId}/goals`, { id: randomUUID(), title: 'Walk', cadence: 'daily' }, token);
    expectOk(r);
    return r.body.goal.id as string;
  };
  // The owner's goal has no check-in yet (so the owner can make one); the member's has one.
  const goalId = await goal(owner.token);
  const checkedIn = await api.post(`/groups/${groupId}/goals/${await goal(member.token)}/checkins`, { id: randomUUID(), at: Date.now(), timeZone: 'UTC' }, member.token);
  expectOk(checkedIn);
  const poll = await api.post(`/groups/${groupId}/polls`, { id: randomUUID(), question: 'When?', options: ['Mon', 'Tue'] }, owner.token);
  expectOk(poll);
  const feedback = await api.post(`/groups/${groupId}/feedback`, { id: randomUUID(), question: 'How was it?' }, owner.token);
  expectOk(feedback);
  const meeting = await api.post(
    `/groups/${groupId}/meetings`,
    { id: randomUUID(), title: 'Meet', times: [{ kind: 'timed', start: Date.UTC(2040, 0, 1, 12), minutes: 60 }] },
    owner.token,
  );
  expectOk(meeting);
  return {
    groupId,
    owner,
    member,
    moderator,
    invite,
    request: { id: request.body.request.id as string, token: request.body.token as string },
    threadId,
    messageId: message.id,
    secondMessageId: second.id,
    goalId,
    checkInId: checkedIn.body.checkIn.id as string,
    pollId: poll.body.poll.id as string,
    feedbackId: feedback.body.request.id as string,
    meetingId: meeting.body.meeting.id as string,
  };
}
export type Populated = Awaited<ReturnType<typeof populatedGroup>>;

/** Everything a member can read about a group, to compare before and after an attack. */
export async function snapshot(api: Api, g: Populated) {
  const t = g.owner.token;
  const get = async (path: string) => {
    const r = await api.get(path, t);
    expectOk(r);
    return r.body;
  };
  return {
    group: await get(`/groups/${g.groupId}`),
    members: await get(`/groups/${g.groupId}/members`),
    invites: await get(`/groups/${g.groupId}/invites`),
    requests: await get(`/groups/${g.groupId}/requests`),
    threads: await get(`/groups/${g.groupId}/threads`),
    messages: await get(`/groups/${g.groupId}/threads/${g.threadId}/messages`),
    events: await api.events(g.groupId, t),
  };
}

export const newId = () => randomUUID();
