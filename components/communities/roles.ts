import type { Role } from '../../protocol/groups';

export { roleLabel } from '../members/roles';

/** Owners and moderators run a community and all its groups. */
export const manages = (role: Role): boolean => role === 'owner' || role === 'moderator';
