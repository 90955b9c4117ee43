import type { ChangeEventName } from './change-audit';

/**
 * Socket.io changes that only the chair makes, as the one who chairs
 * (opening and closing a decision, recording or correcting the local
 * authority's decision). A member whose role is chair but whose account an
 * administrator has not allowed to convene and chair (made chair before the
 * permission existed, or the permission since taken away) is refused these,
 * as they are refused starting and concluding the discussion.
 */
export const CHAIRING_EVENTS: ReadonlySet<ChangeEventName> = new Set<ChangeEventName>([
  'decision:open',
  'decision:close',
  'la-decision:record',
  'la-decision:correct',
]);
