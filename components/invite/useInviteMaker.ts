import { useState } from 'preact/hooks';
import type { NookError } from '../../protocol/errors';
import type { InviteItem } from '../../sync/types';

const isInvite = (r: InviteItem | NookError): r is InviteItem => 'url' in r;

/** Making an invite link from a view: the link once made, the hub's refusal, and whether it is on its way. */
export function useInviteMaker(initial: InviteItem | null, create: (() => Promise<InviteItem | NookError>) | undefined) {
  const [invite, setInvite] = useState<InviteItem | null>(initial);
  const [error, setError] = useState<NookError | null>(null);
  const [busy, setBusy] = useState(false);
  const make = async () => {
    if (!create) return;
    setBusy(true);
    const r = await create();
    setBusy(false);
    if (isInvite(r)) {
      setInvite(r);
      setError(null);
    } else setError(r);
  };
  return { invite, setInvite, error, busy, make };
}
