import type { GroupEvent } from '../../protocol/events';
import { communityEvents } from './community';
import { discussionEvents } from './discussion';
import type { EventHandlers, EventKindHandler } from './kind';
import { memberEvents } from './members';
import { moderationEvents } from './moderation';

/**
 * Every event kind the protocol defines, each registered once by its feature's file. The
 * type makes a missing kind a compile error; registry.test.ts checks it against the schema.
 */
export const eventHandlers: EventHandlers = { ...memberEvents, ...discussionEvents, ...communityEvents, ...moderationEvents };

/** The handler of an event's kind; undefined for a kind this version does not know (a newer hub). */
export const handlerOf = (e: GroupEvent) => (eventHandlers as Partial<Record<string, EventKindHandler<GroupEvent['kind']>>>)[e.kind];
