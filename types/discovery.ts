/** Where a hosted group is listed (issue #19): "Not listed" is the default. */
export type ListingChoice = 'none' | 'page' | 'community';

/** A group listed for the page the member is on, as the Groups tab shows it. */
export interface FoundGroup {
  hub: string;
  groupId: string;
  name: string;
  topic: string;
  memberCount: number;
  memberLimit: number;
  allowRequests: boolean;
  /** Listed on this very page, or in its community. */
  scope: 'page' | 'community';
  /** The hash it is listed under: a report names the listing the member saw. */
  hash: string;
  /** The member's standing: in it already, asked and waiting, or neither. */
  standing: 'member' | 'waiting' | 'none';
}
