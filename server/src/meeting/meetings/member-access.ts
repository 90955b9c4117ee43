/**
 * The one rule of who is a member now (issue 16, "time-limited access for
 * invitees"): a practitioner invited for one meeting (`meeting_members.invitee`)
 * keeps access until `access_ends_at`, set when the meeting concludes to the
 * conclusion plus INVITEE_ACCESS_HOURS_AFTER_CONCLUSION. From then on every
 * membership lookup (the meeting list, its detail, socket joins and events,
 * collab upgrades and tickets, record downloads, need-to-know audiences)
 * treats them as a non-member: MeetingNotFound, exactly as for a meeting that
 * does not exist. Other members have no `access_ends_at`.
 *
 * Every repository that reads `meeting_members` for access puts this condition
 * on its member row (aliased `alias`): the rule is written here and nowhere else.
 */
export function memberHasAccessSql(alias: string): string {
  return `(${alias}.access_ends_at IS NULL OR ${alias}.access_ends_at > now())`;
}

/**
 * The same rule at a given instant (a SQL expression such as `$1`): scheduled
 * work asks "who is a member now" by the Clock's now, which tests move.
 */
export function memberHasAccessAtSql(alias: string, instant: string): string {
  return `(${alias}.access_ends_at IS NULL OR ${alias}.access_ends_at > ${instant})`;
}
