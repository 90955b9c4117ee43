import { act, renderHook } from '@testing-library/react';
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { useFormSubmission } from './useFormSubmission';

const Schema = z.object({ name: z.string().min(1, 'Enter a name') });

function apiError(
  code: ConstructorParameters<typeof ApiError>[1]['code'],
  fields?: { path: string; message: string }[],
) {
  return new ApiError(400, { code, message: `${code} happened`, correlationId: 'c', fields });
}

describe('useFormSubmission', () => {
  it('returns the parsed value when it is valid, showing no errors', () => {
    const { result } = renderHook(() => useFormSubmission());
    let parsed: unknown;
    act(() => {
      parsed = result.current.validate(Schema, { name: 'Ruby' });
    });
    expect(parsed).toEqual({ name: 'Ruby' });
    expect(result.current.errors).toEqual({});
    expect(result.current.attempt).toBe(0);
  });

  it('shows schema errors against their fields and counts the failed attempt', () => {
    const onFail = vi.fn();
    const { result } = renderHook(() => useFormSubmission({ onFail }));
    act(() => {
      expect(result.current.validate(Schema, { name: '' })).toBeUndefined();
    });
    expect(result.current.errors).toEqual({ name: 'Enter a name' });
    expect(result.current.attempt).toBe(1);
    expect(onFail).toHaveBeenCalledTimes(1);
  });

  it('refuses a valid value when the browser found its own errors too', () => {
    const { result } = renderHook(() => useFormSubmission());
    act(() => {
      expect(result.current.validate(Schema, { name: 'Ruby' }, { dueAt: 'Enter a due date' })).toBeUndefined();
    });
    expect(result.current.errors).toEqual({ dueAt: 'Enter a due date' });
  });

  it("puts the server's ValidationFailed fields against the form's fields", async () => {
    const { result } = renderHook(() => useFormSubmission());
    await act(() =>
      result.current.send(async () => {
        throw apiError('ValidationFailed', [{ path: 'name', message: 'Name is taken' }]);
      }),
    );
    expect(result.current.errors).toEqual({ name: 'Name is taken' });
    expect(result.current.generalError).toBeUndefined();
  });

  it('shows any other failure above the form, with a message safe to show', async () => {
    const { result } = renderHook(() => useFormSubmission());
    await act(() =>
      result.current.send(async () => {
        throw apiError('Forbidden');
      }),
    );
    expect(result.current.generalError).toBe('Forbidden happened');

    await act(() =>
      result.current.send(async () => {
        throw new Error('internal detail');
      }),
    );
    expect(result.current.generalError).toBe('Sorry, there is a problem with the service. Try again later.');
    expect(result.current.attempt).toBe(2);
  });

  it('lets the form decide where another failure is shown', async () => {
    const { result } = renderHook(() => useFormSubmission());
    await act(() =>
      result.current.send(
        async () => {
          throw apiError('InvalidCredentials');
        },
        (error) => ({ fields: { email: (error as ApiError).message } }),
      ),
    );
    expect(result.current.errors).toEqual({ email: 'InvalidCredentials happened' });
  });

  it('is submitting while the request runs, and not after it fails', async () => {
    const { result } = renderHook(() => useFormSubmission());
    let finish: () => void = () => undefined;
    let sending: Promise<void> | undefined;
    act(() => {
      sending = result.current.send(() => new Promise<void>((resolve) => (finish = resolve)));
    });
    expect(result.current.submitting).toBe(true);
    await act(async () => {
      finish();
      await sending;
    });
    expect(result.current.submitting).toBe(false);
  });

  it('clears its errors on request', () => {
    const { result } = renderHook(() => useFormSubmission());
    act(() => {
      result.current.validate(Schema, { name: '' });
    });
    act(() => result.current.clearErrors());
    expect(result.current.errors).toEqual({});
  });
});
