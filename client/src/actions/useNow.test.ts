import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useNow } from './useNow';

afterEach(() => {
  vi.useRealTimers();
});

describe('useNow', () => {
  it('moves on every minute, so "overdue" is checked again while the page is open', () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T12:00:00Z') });
    const { result } = renderHook(() => useNow());
    expect(result.current.toISOString()).toBe('2026-03-05T12:00:00.000Z');
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(result.current.toISOString()).toBe('2026-03-05T12:01:00.000Z');
  });

  it('stops ticking after unmounting', () => {
    vi.useFakeTimers();
    const { unmount } = renderHook(() => useNow(1_000));
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
