import { formatTimestamp } from '@roundtable/shared/dates';
import type { WebhookAttempt, WebhookDelivery } from '@roundtable/shared/webhooks';

/** One attempt in a sentence: what the receiver answered (or why nothing), how long, and what comes next. */
export function describeAttempt(attempt: WebhookAttempt): string {
  const kind = attempt.kind === 'replay' ? ' (replay)' : '';
  const answer = attempt.succeeded
    ? `Delivered: HTTP ${attempt.statusCode}`
    : attempt.error
      ? `Failed: ${attempt.error}`
      : `Failed: HTTP ${attempt.statusCode}`;
  const next = attempt.nextRetryAt ? ` Next try from ${formatTimestamp(attempt.nextRetryAt)}.` : '';
  return `Attempt ${attempt.number}${kind}, ${formatTimestamp(attempt.startedAt)}: ${answer} in ${attempt.durationMs} ms.${next}`;
}

export const DELIVERY_STATE_TEXT: Record<WebhookDelivery['state'], { text: string; tag: string }> = {
  pending: { text: 'Sending', tag: 'govuk-tag--blue' },
  succeeded: { text: 'Delivered', tag: 'govuk-tag--green' },
  failed: { text: 'Failed', tag: 'govuk-tag--red' },
};
