/**
 * Socket.io changes refused once a strategy discussion has concluded: its
 * decisions are final (a correction is an addendum). Escalation of a dissent
 * and the action log are follow-up work after the meeting and stay open.
 */
export const FINAL_ON_CONCLUSION: ReadonlySet<string> = new Set([
  'decision:open',
  'decision:close',
  'view:record',
  'la-decision:record',
  'la-decision:correct',
  'dissent:record',
]);
