import { t } from '../../i18n/index';
import type { Role } from '../../sync/types';

export function roleLabel(role: Role): string {
  switch (role) {
    case 'owner':
      return t('members.roleOwner');
    case 'moderator':
      return t('members.roleModerator');
    case 'member':
      return t('members.roleMember');
  }
}
