import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways on a narrow screen instead of overflowing
 * the page. The container is focusable and named, so keyboard users can scroll it.
 */
export function ScrollableTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rt-table-container" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
