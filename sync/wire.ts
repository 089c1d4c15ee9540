import type { ClientMessage, HubMessage } from '../protocol/live';

/**
 * The live channel's constants, without protocol/live.ts's zod schemas: the widget panel
 * imports the core, and zod would not fit in its start-up budget. wire.test.ts keeps them
 * equal to the protocol's.
 */
export const LIVE_PATH = '/live';
export const LIVE_PROTOCOL = 'nook.v1';
/** The one close code that means "this client is not let in": every other close is passing. */
export const CLOSE_UNAUTHORIZED = 4401;
/** The hub is shedding load (this client left too much unread, or sent too much): passing, but not straight back. */
export const CLOSE_BACK_OFF = 4429;

export type { ClientMessage, HubMessage };
export type ErrorInfo = { code: string; message: string };
