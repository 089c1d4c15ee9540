import { EventPage } from '../protocol/events';
import { HubMessage } from '../protocol/live';
import type { Validate } from './hub-sync';

/**
 * The background's check of what a hub sends: a hub is another party, so nothing it says is
 * stored before it matches the protocol's schemas. (The widget panel, served by its hub,
 * trusts it and leaves zod out of its bundle.)
 */
export const zodValidate: Validate = {
  live: (raw) => {
    const r = HubMessage.safeParse(raw);
    return r.success ? r.data : null;
  },
  page: (raw) => {
    const r = EventPage.safeParse(raw);
    return r.success ? r.data : null;
  },
};
