/**
 * Audit entries are read to the second, in UK time with its zone named
 * (GMT or BST), e.g. "2 Mar 2026, 13:05:09 GMT".
 */
const auditTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function formatAuditTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : auditTimeFormat.format(date);
}
