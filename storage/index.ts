/** The background's storage API: one import for the message dispatcher. */
export { NookDB, openDb, SCHEMA_VERSION } from './db';
export { getNote, saveNote, deleteNote, restoreNote, listNotes, communities, type CommunityCount } from './notes';
export { search } from './search';
export {
  createGroup,
  getGroup,
  updateGroup,
  deleteGroup,
  undoDelete,
  purgeDeleted,
  linkGroup,
  unlinkGroup,
  listGroups,
  countGroups,
  contextKey,
  UNDO_WINDOW_MS,
  type NewGroup,
  type GroupPatch,
} from './groups';
export { getSettings, setSettings, addCustomOrigin, removeCustomOrigin } from './settings';
export { getSitePrefs, setSitePrefs, listSitePrefs, defaultSitePrefs } from './site-prefs';
export { exportNotes, importNotes } from './transfer';
export { estimate, type StorageEstimate } from './estimate';
