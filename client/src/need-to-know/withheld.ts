/**
 * A view or an action the reader may not read arrives with `withheld` set and
 * its text left out (the server's need-to-know redaction). These read the
 * notice to show in its place: the server's words when it sends them
 * ("Information withheld: police restricted"), otherwise made from the flag.
 */
export function withheldNoticeOf(entry: object): string | null {
  const { withheld, restriction } = entry as { withheld?: unknown; restriction?: unknown };
  if (typeof withheld === 'string' && withheld.trim() !== '') return withheld;
  if (typeof withheld === 'object' && withheld !== null) {
    const notice = (withheld as { notice?: unknown }).notice;
    if (typeof notice === 'string') return notice;
  }
  if (withheld === true) {
    if (restriction === 'police-restricted') return 'Information withheld: police restricted';
    if (restriction === 'health-restricted') return 'Information withheld: health restricted';
    return 'Information withheld';
  }
  return null;
}
