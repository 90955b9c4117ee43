import type { OutboxMessage } from '@roundtable/shared/family';
import { describe, expect, it } from 'vitest';
import { deliveryOf } from './delivery';

const base: OutboxMessage = {
  id: '00000000-0000-4000-8000-000000000001',
  toAddress: 'gp@example.org',
  subject: 'A meeting',
  bodyText: 'Open Roundtable.',
  createdAt: '2026-12-07T10:00:00Z',
  sentAt: null,
  transport: 'smtp',
  error: null,
  calendarMethod: null,
  attempts: 1,
  nextAttemptAt: '2026-12-07T10:05:00Z',
  givenUpAt: null,
};

describe('where an email stands with the mail server', () => {
  it('names each state, with the tries and the next time where they matter', () => {
    expect(deliveryOf({ ...base, transport: 'outbox', attempts: 0, nextAttemptAt: null })).toBe(
      'Kept here only (no mail server).',
    );
    expect(deliveryOf(base)).toBe('Sending.');
    expect(deliveryOf({ ...base, sentAt: '2026-12-07T10:00:01Z', nextAttemptAt: null })).toBe('Sent.');
    expect(deliveryOf({ ...base, sentAt: '2026-12-07T10:06:00Z', attempts: 2, nextAttemptAt: null })).toBe(
      'Sent, after 2 tries.',
    );
    expect(deliveryOf({ ...base, error: 'Error: 451 Try again later' })).toMatch(
      /^Not sent yet: Error: 451 Try again later\. Trying again at .+\.$/,
    );
    expect(
      deliveryOf({ ...base, error: 'Error: 550 No such user', givenUpAt: '2026-12-07T10:00:01Z', nextAttemptAt: null }),
    ).toBe('Not sent: given up after 1 try (Error: 550 No such user).');
  });
});
