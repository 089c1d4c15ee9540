import { unwrap } from '../../sync/client';
import type { InviteItem } from '../../sync/types';
import type { PanelSync } from './sync';

/** The member actions of PanelSync that the discussion does not need: their own chunk, loaded when first used. */

export async function invite(sync: PanelSync, opts: { expiresInSeconds?: number; maxUses?: number | null }): Promise<InviteItem> {
  const { invite } = await unwrap(
    sync.client.groups[':groupId'].invites.$post({ param: { groupId: sync.groupId }, json: { expiresInSeconds: opts.expiresInSeconds, maxUses: opts.maxUses ?? null } }),
  );
  return { url: invite.url, code: invite.code, expiresAt: invite.expiresAt, maxUses: invite.maxUses, uses: invite.uses };
}

export async function refreshRequests(sync: PanelSync): Promise<void> {
  const { requests } = await unwrap(sync.client.groups[':groupId'].requests.$get({ param: { groupId: sync.groupId } }));
  sync.store.requests.value = requests.filter((r) => r.status === 'pending').map(({ id, name, message, createdAt }) => ({ id, name, message, createdAt }));
}

export async function decide(sync: PanelSync, requestId: string, decision: 'approve' | 'deny'): Promise<void> {
  await unwrap(sync.client.groups[':groupId'].requests[':requestId'].$post({ param: { groupId: sync.groupId, requestId }, json: { decision } }));
  sync.store.requests.value = sync.store.requests.value.filter((r) => r.id !== requestId);
}

export async function removeMember(sync: PanelSync, memberId: string): Promise<{ revokedCodes: string[] }> {
  const { revokedInvites } = await unwrap(sync.client.groups[':groupId'].members[':memberId'].$delete({ param: { groupId: sync.groupId, memberId } }));
  return { revokedCodes: revokedInvites.map((i) => i.code) };
}

/** The hub revokes this device's token and clears its cookie (the panel's, or the console's: it needs only the client). */
export async function signOutHere(sync: Pick<PanelSync, 'client'>): Promise<void> {
  const { devices } = await unwrap(sync.client.me.devices.$get());
  const here = devices.find((d) => d.current);
  if (here) await unwrap(sync.client.me.devices[':deviceId'].$delete({ param: { deviceId: here.id } }));
}

/** This identity's devices on the hub (the panel is on the hub: it is always its own). */
export const devices = async (sync: PanelSync) => (await unwrap(sync.client.me.devices.$get())).devices;
export const signOut = async (sync: PanelSync, deviceId: string) =>
  (await unwrap(sync.client.me.devices[':deviceId'].$delete({ param: { deviceId } }))).devices;
export const signOutOthers = async (sync: PanelSync) => (await unwrap(sync.client.me.devices['sign-out-others'].$post())).devices;
