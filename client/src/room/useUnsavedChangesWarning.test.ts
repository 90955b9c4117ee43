import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useUnsavedChangesWarning } from './useUnsavedChangesWarning';

function leavePage(): Event {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event;
}

describe('the unsaved changes warning', () => {
  it('asks the browser to confirm leaving while edits exist only on this device', () => {
    renderHook(() => useUnsavedChangesWarning(true));
    expect(leavePage().defaultPrevented).toBe(true);
  });

  it('lets the page go when everything is saved', () => {
    renderHook(() => useUnsavedChangesWarning(false));
    expect(leavePage().defaultPrevented).toBe(false);
  });

  it('stops asking once the edits are saved, and after unmounting', () => {
    const { rerender, unmount } = renderHook(({ active }) => useUnsavedChangesWarning(active), {
      initialProps: { active: true },
    });
    rerender({ active: false });
    expect(leavePage().defaultPrevented).toBe(false);
    rerender({ active: true });
    unmount();
    expect(leavePage().defaultPrevented).toBe(false);
  });
});
