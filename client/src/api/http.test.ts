import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './ApiError';
import { apiRequest, setMfaEnrolmentRequiredHandler, setUnauthenticatedHandler } from './http';

/** Stubs the browser's fetch (the module's only boundary) with one answer. */
function answer(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const fetchMock = vi.fn(async () => new Response(status === 204 ? null : text, { status, headers }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  setUnauthenticatedHandler(null);
  setMfaEnrolmentRequiredHandler(null);
});

describe('apiRequest', () => {
  it('sends a JSON body with the session cookie and resolves with the parsed answer', async () => {
    const fetchMock = answer(200, { id: 'm1' });
    await expect(apiRequest('POST', '/api/meetings', { reason: 'Bruising' })).resolves.toEqual({ id: 'm1' });
    expect(fetchMock).toHaveBeenCalledWith('/api/meetings', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"reason":"Bruising"}',
    });
  });

  it('sends no body and no content type when there is nothing to send', async () => {
    const fetchMock = answer(200, {});
    await apiRequest('GET', '/api/me');
    expect(fetchMock).toHaveBeenCalledWith('/api/me', {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      body: undefined,
    });
  });

  it('resolves with undefined for 204 No Content', async () => {
    answer(204);
    await expect(apiRequest('POST', '/api/auth/logout')).resolves.toBeUndefined();
  });

  it("rejects with the server's error body: code, message, correlation id and fields", async () => {
    answer(400, {
      code: 'ValidationFailed',
      message: 'Check the highlighted fields',
      correlationId: 'c-123',
      fields: [{ path: 'children.0.name', message: 'Enter the child’s name' }],
    });
    const error = await failure(apiRequest('POST', '/api/meetings', {}));
    expect(error).toMatchObject({
      status: 400,
      code: 'ValidationFailed',
      message: 'Check the highlighted fields',
      correlationId: 'c-123',
      fields: [{ path: 'children.0.name', message: 'Enter the child’s name' }],
    });
  });

  it('gives an error without fields an empty list', async () => {
    answer(403, { code: 'Forbidden', message: 'Not a member', correlationId: 'c-1' });
    const error = await failure(apiRequest('GET', '/api/meetings/x'));
    expect(error.fields).toEqual([]);
  });

  it('turns an answer that is not our error body into UnexpectedResponse, keeping the correlation header', async () => {
    answer(502, '<html>Bad gateway</html>', { 'x-correlation-id': 'c-proxy' });
    const error = await failure(apiRequest('GET', '/api/meetings'));
    expect(error).toMatchObject({ status: 502, code: 'UnexpectedResponse', correlationId: 'c-proxy' });
    expect(error.message).toBe('Sorry, there is a problem with the service. Try again later.');
  });

  it('does not trust an error code the contract does not know', async () => {
    answer(500, { code: 'SomethingInternal', message: 'stack trace here' });
    const error = await failure(apiRequest('GET', '/api/meetings'));
    expect(error.code).toBe('UnexpectedResponse');
    expect(error.message).not.toContain('stack trace');
  });

  it('turns a failed connection into NetworkError with status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await failure(apiRequest('GET', '/api/meetings'));
    expect(error).toMatchObject({ status: 0, code: 'NetworkError' });
    expect(error.message).toMatch(/could not be reached/);
  });

  it('tells the session when a call answers 401 Unauthenticated', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    answer(401, { code: 'Unauthenticated', message: 'Sign in', correlationId: 'c' });
    await failure(apiRequest('GET', '/api/meetings'));
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('does not end the session for a refused sign-in (401 InvalidCredentials)', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    answer(401, { code: 'InvalidCredentials', message: 'Wrong email or password', correlationId: 'c' });
    const error = await failure(apiRequest('POST', '/api/auth/login', { email: 'a@b.c', password: 'x' }));
    expect(error.code).toBe('InvalidCredentials');
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('stops telling a handler that was removed', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    setUnauthenticatedHandler(null);
    answer(401, { code: 'Unauthenticated', message: 'Sign in', correlationId: 'c' });
    await failure(apiRequest('GET', '/api/meetings'));
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('sends the user to two-factor setup when a call answers MfaEnrolmentRequired', async () => {
    const onMfaEnrolmentRequired = vi.fn();
    setMfaEnrolmentRequiredHandler(onMfaEnrolmentRequired);
    answer(403, { code: 'MfaEnrolmentRequired', message: 'Set up two-factor', correlationId: 'c' });
    const error = await failure(apiRequest('GET', '/api/meetings'));
    expect(error.code).toBe('MfaEnrolmentRequired');
    expect(onMfaEnrolmentRequired).toHaveBeenCalledTimes(1);
  });
});
