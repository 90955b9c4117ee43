import { describe, expect, it } from 'vitest';
import { describeAttempt } from './webhookText';

const base = {
  number: 1,
  kind: 'automatic' as const,
  startedAt: '2026-03-02T13:05:00Z',
  durationMs: 42,
  statusCode: 200,
  succeeded: true,
  error: null,
  responseSnippet: null,
  nextRetryAt: null,
};

describe('describeAttempt', () => {
  it('says a delivery succeeded, with the status and the time it took', () => {
    expect(describeAttempt(base)).toBe('Attempt 1, 2 March 2026 at 1:05:00pm GMT: Delivered: HTTP 200 in 42 ms.');
  });

  it('says why a try failed and when the next one comes, and marks replays', () => {
    expect(
      describeAttempt({
        ...base,
        number: 2,
        kind: 'replay',
        statusCode: 500,
        succeeded: false,
        error: 'the receiver answered HTTP 500',
        nextRetryAt: '2026-03-02T13:06:00Z',
      }),
    ).toBe(
      'Attempt 2 (replay), 2 March 2026 at 1:05:00pm GMT: Failed: the receiver answered HTTP 500 in 42 ms. Next try from 2 March 2026 at 1:06:00pm GMT.',
    );
  });
});
