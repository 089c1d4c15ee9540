import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { everythingKept } from './testing/database';
import { BACKENDS, useHubs } from './testing/hubs';

const hubs = useHubs();

describe.each(BACKENDS)('member tokens on the hub (%s)', (backend) => {
  it('are kept only as their SHA-256: a copy of the database signs nobody in', async () => {
    const t = await hubs.start(backend);
    const g = await t.api.group({ ownerName: 'Olive' });
    const ann = await t.api.member(g.groupId, g.token, 'Ann');
    const code = (await t.api.post('/me/link-codes', {}, ann.token)).body.code as string;
    const kept = await everythingKept(t);
    for (const secret of [g.token, ann.token]) {
      expect(kept).not.toContain(secret);
      expect(kept).toContain(createHash('sha256').update(secret).digest('hex'));
    }
    // A link code moves an identity to another device: it is a credential too.
    expect(kept).not.toContain(code);
  });
});
