import { RESTRICTION_LABELS, type RestrictionKind } from '@roundtable/shared/templates';

/**
 * An entry's restriction flag in words (DOMAIN.md §7), never colour alone.
 * Test hook: `[data-testid=restriction-tag][data-restriction=<kind>]`.
 */
export function RestrictionTag({ restriction }: { restriction: RestrictionKind | null }) {
  if (!restriction) return null;
  const colour = restriction === 'not-for-family' ? 'govuk-tag--yellow' : 'govuk-tag--blue';
  return (
    <strong
      className={`govuk-tag ${colour} rt-restriction-tag`}
      data-testid="restriction-tag"
      data-restriction={restriction}
    >
      {RESTRICTION_LABELS[restriction]}
    </strong>
  );
}
