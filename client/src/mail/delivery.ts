import { formatTimestamp } from '@roundtable/shared/dates';
import type { OutboxMessage } from '@roundtable/shared/family';

const tries = (n: number) => (n === 1 ? '1 try' : `${n} tries`);

/** Where an email stands with the mail server, in words an administrator can act on. */
export function deliveryOf(message: OutboxMessage): string {
  if (message.transport === 'outbox') return 'Kept here only (no mail server).';
  if (message.sentAt) return message.attempts > 1 ? `Sent, after ${tries(message.attempts)}.` : 'Sent.';
  if (message.givenUpAt) {
    return `Not sent: given up after ${tries(message.attempts)} (${message.error ?? 'no reason recorded'}).`;
  }
  if (message.error && message.nextAttemptAt) {
    return `Not sent yet: ${message.error}. Trying again at ${formatTimestamp(message.nextAttemptAt)}.`;
  }
  return 'Sending.';
}
