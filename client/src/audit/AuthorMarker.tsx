import { useEffect, useState } from 'react';
import type { Contributor } from './contributors';

/**
 * The superscript number after a run of text that names its author: a link to
 * the contributors list whose accessible name says who wrote the run, and a
 * tooltip on hover or focus that stays while hovered and closes with Escape
 * (WCAG 1.4.13).
 */
export function AuthorMarker({ contributor }: { contributor: Contributor }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const shown = (hovered || focused) && !dismissed;

  useEffect(() => {
    if (!shown) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setDismissed(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shown]);

  return (
    <sup
      className="rt-author-marker"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => {
        setHovered(false);
        setDismissed(false);
      }}
    >
      <a
        className="govuk-link rt-author-marker__link"
        href={`#contributor-${contributor.number}`}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setDismissed(false);
        }}
      >
        {contributor.number}
        <span className="govuk-visually-hidden">: written by {contributor.label}</span>
      </a>
      {shown && (
        <span className="rt-author-marker__tooltip" aria-hidden="true" data-testid="author-tooltip">
          Written by {contributor.label}
        </span>
      )}
    </sup>
  );
}
