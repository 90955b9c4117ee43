import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways on a narrow screen instead of overflowing
 * the page. The container is focusable and named, so keyboard users can scroll it.
 * With `stack`, a narrow container shows each row as a card instead (styles.scss).
 */
export function ScrollableTable({
  label,
  stack = false,
  children,
}: {
  label: string;
  /** In a narrow place (a phone, the room's side panel) show each row as a stacked card instead (cells need `data-label`). */
  stack?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={stack ? 'rt-table-container rt-table-stack' : 'rt-table-container'}
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
