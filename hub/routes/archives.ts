import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { GroupView, UserError } from '../../protocol';
import { Archive, ImportArchiveBody, MAX_ARCHIVE_BYTES } from '../../protocol/archive';
import { memberOf } from '../http/auth';
import type { HubEnv } from '../http/env';
import { operations, route } from '../http/operation';
import { PathParams } from '../http/path-params';
import { archiveMarkdown } from '../store/archive-markdown';
import { exportArchive, importArchive } from '../store/archives';

const IMPORT_PATH = '/archives';

const op = operations({
  exportArchive: {
    method: 'get',
    path: '/groups/:groupId/archive',
    summary: "The group's archive as JSON, to import into a new group on any hub (the owner only)",
    auth: 'group',
    roles: ['owner'],
    params: PathParams.group,
    response: Archive,
  },
  exportArchiveMarkdown: {
    method: 'get',
    path: '/groups/:groupId/archive/markdown',
    summary: "The group's archive as a Markdown file to read (the owner only)",
    auth: 'group',
    roles: ['owner'],
    params: PathParams.group,
    file: 'text/markdown',
    response: z.string(),
  },
  importArchive: {
    method: 'post',
    path: IMPORT_PATH,
    summary: `A new group made of an archive, with the caller as its owner and its authors as names (bodies up to ${MAX_ARCHIVE_BYTES} bytes)`,
    auth: 'token',
    body: ImportArchiveBody,
    idempotent: true,
    response: GroupView,
  },
});

/** Whether a request is an archive's upload, which has a body limit of its own (archiveBodyLimit). */
export const isArchiveUpload = (c: Context) => c.req.method === 'POST' && c.req.path === IMPORT_PATH;

/** An archive is far larger than any other body the hub takes, and this is as large as it may be. */
export const archiveBodyLimit = bodyLimit({
  maxSize: MAX_ARCHIVE_BYTES,
  onError: () => {
    throw new UserError('too_large', `Archives are limited to ${MAX_ARCHIVE_BYTES} bytes.`);
  },
});

const fileName = (name: string, ext: string) => {
  const safe = name.normalize('NFKD').replace(/[^\w -]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'group';
  return `nook-${safe}-archive.${ext}`;
};

const download = (name: string) => ({ 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' });

export const archives = new Hono<HubEnv>()
  .on(...route(op.exportArchive), async (c) => {
    const archive = await exportArchive(c.var.hub.db, c.var.me.group_id, memberOf(c), c.var.hub.clock.now());
    return c.json(archive, 200, download(fileName(archive.group.name, 'json')));
  })
  .on(...route(op.exportArchiveMarkdown), async (c) => {
    const archive = await exportArchive(c.var.hub.db, c.var.me.group_id, memberOf(c), c.var.hub.clock.now());
    return c.body(archiveMarkdown(archive), 200, { 'Content-Type': 'text/markdown; charset=utf-8', ...download(fileName(archive.group.name, 'md')) });
  })
  .on(...route(op.importArchive), async (c) => c.json(await importArchive(c.var.hub.store, memberOf(c), c.req.valid('json'))));
