/**
 * Every refusal the hub can answer, with its HTTP status. Clients show `error.<code>` from
 * the message catalog; the hub never answers 5xx except `internal`, which is a bug.
 */
export const errorStatus = {
  bad_request: 400,
  bad_json: 400,
  unauthorized: 401,
  bad_token: 401,
  token_expired: 401,
  forbidden: 403,
  not_member: 403,
  create_forbidden: 403,
  removed: 403,
  not_found: 404,
  group_not_found: 404,
  member_not_found: 404,
  invite_not_found: 404,
  request_not_found: 404,
  thread_not_found: 404,
  message_not_found: 404,
  link_code_invalid: 404,
  device_not_found: 404,
  id_taken: 409,
  group_full: 409,
  already_member: 409,
  request_pending: 409,
  request_decided: 409,
  requests_closed: 409,
  owner_must_transfer: 409,
  limit_below_members: 409,
  message_deleted: 409,
  invite_expired: 410,
  invite_used_up: 410,
  invite_revoked: 410,
  too_large: 413,
  unsupported_media_type: 415,
  upgrade_required: 426,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorStatus, code);
