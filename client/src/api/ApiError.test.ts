import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, isApiError } from './ApiError';

const notFound = new ApiError(404, { code: 'MeetingNotFound', message: 'No such meeting', correlationId: 'c-9' });

describe('ApiError', () => {
  it('tells an API error by its code', () => {
    expect(isApiError(notFound)).toBe(true);
    expect(isApiError(notFound, 'Forbidden', 'MeetingNotFound')).toBe(true);
    expect(isApiError(notFound, 'Forbidden')).toBe(false);
    expect(isApiError(new Error('MeetingNotFound'), 'MeetingNotFound')).toBe(false);
  });

  it("shows the server's message, and a generic one for anything else", () => {
    expect(errorMessage(notFound)).toBe('No such meeting');
    expect(errorMessage(new TypeError('x is undefined'))).toBe(
      'Sorry, there is a problem with the service. Try again later.',
    );
  });
});
