import { Archive, MAX_ARCHIVE_BYTES, archiveVersionOf } from '../../protocol/archive';
import { UserError } from '../../protocol/errors';
import { hubClient, unwrap, unwrapText } from '../../sync/client';
import type { Group } from '../../types/local';
import type { NookDB } from '../db';
import { isSecureHub, normalizeHub } from '../validate';
import { remember } from './actions';
import type { SyncEngine } from './engine';

/**
 * A hosted group's archive (protocol/archive.ts): its owner exports it as a file; anyone
 * signed in on a hub imports one there as a new group they own. The file is checked here
 * first, so a wrong file is told so in the member's language before anything is sent; the
 * hub checks it again and is the one that decides.
 */

async function tokenFor(db: NookDB, hub: string) {
  if (!isSecureHub(hub)) throw new UserError('hub_insecure', 'Plain http:// is allowed only for a hub on this computer; use https://.');
  const row = await db.hubs.get(hub);
  if (!row) throw new UserError('archive_needs_identity', 'Join or create a group on this hub first: an archive is imported by someone signed in there.');
  return row.token;
}

const fileName = (name: string, ext: string) => {
  const safe = name.normalize('NFKD').replace(/[^\w -]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'group';
  return `nook-${safe}-archive.${ext}`;
};

/** The group's archive as a file: JSON (to import elsewhere) or Markdown (to read). Owners only, as the hub says. */
export async function exportArchive(db: NookDB, engine: SyncEngine, groupId: string, format: 'json' | 'markdown') {
  const m = await db.memberships.get(groupId);
  if (!m || m.endedAt !== null) throw new UserError('not_member', 'You are no longer a member of this group.');
  const client = hubClient(m.hub, { token: await tokenFor(db, m.hub), fetch: engine.env.fetch });
  const name = (await db.groups.get(groupId))?.name ?? 'group';
  const param = { param: { groupId } };
  if (format === 'markdown') return { fileName: fileName(name, 'md'), text: await unwrapText(client.groups[':groupId'].archive.markdown.$get(param)) };
  return { fileName: fileName(name, 'json'), text: JSON.stringify(await unwrap(client.groups[':groupId'].archive.$get(param)), null, 2) };
}

/** An archive file's text as the archive it holds, or why it is not one this version reads. */
export function readArchive(text: string): Archive {
  if (new TextEncoder().encode(text).length > MAX_ARCHIVE_BYTES) {
    throw new UserError('archive_too_large', 'This archive is larger than a hub takes.', { max: MAX_ARCHIVE_BYTES });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError('archive_not_archive', 'This file is not a Nook archive (export one as JSON).');
  }
  const version = archiveVersionOf(value);
  if (version === 'not_archive') throw new UserError('archive_not_archive', 'This file is not a Nook archive (export one as JSON).');
  if (version === 'newer') throw new UserError('archive_newer', 'This archive was made by a newer Nook; update Nook to import it.');
  const parsed = Archive.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('archive_invalid', `The archive is damaged at ${issue?.path.join('.') || 'its start'}: ${issue?.message ?? 'invalid'}.`, {
      where: issue?.path.join('.') || '-',
    });
  }
  return parsed.data;
}

/**
 * A new group on `hub` made of the archive, with the member as its owner; followed live like
 * any new group. `key` is the import's (the form makes one per file and hub, and keeps it
 * until the import succeeds): sent again after an answer that never came, it is the same
 * import, and the hub answers the group it made.
 */
export async function importArchive(db: NookDB, engine: SyncEngine, input: { key: string; hub: string; ownerName: string; text: string }): Promise<Group> {
  const hub = normalizeHub(input.hub);
  if (!hub) throw new UserError('hub_invalid', 'The hub must be an http:// or https:// address.');
  const ownerName = input.ownerName.trim();
  if (!ownerName) throw new UserError('owner_name_required', 'Add your name: the group will see it.');
  const archive = readArchive(input.text);
  const client = hubClient(hub, { token: await tokenFor(db, hub), fetch: engine.env.fetch });
  const answer = await unwrap(client.archives.$post({ json: { key: input.key, ownerName, archive } }));
  const group = await remember(db, hub, answer, { contexts: [] }, engine.env.now());
  engine.follow(hub, group.id);
  return group;
}
