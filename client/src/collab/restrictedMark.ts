import {
  RESTRICTED_MARK,
  RESTRICTED_MARK_ATTRIBUTE,
  RESTRICTION_BADGES,
  RESTRICTION_KINDS,
  RESTRICTION_LABELS,
  type RestrictionKind,
} from '@roundtable/shared/templates';
import { Mark, mergeAttributes } from '@tiptap/core';

const asKind = (value: unknown): RestrictionKind | null => RESTRICTION_KINDS.find((kind) => kind === value) ?? null;

/**
 * A restricted passage (DOMAIN.md §7): "police restricted" or "not for the
 * family". Collaboration stores the mark as a Yjs formatting attribute
 * (`restricted: { kind }`) on the text itself, so the flag travels with the
 * passage; the server reads it with `server/src/collab/document-text.ts`.
 *
 * Rendered as `<span class="rt-restricted" data-restriction="<kind>">` with
 * a visible text badge (CSS, from `data-restriction-label`) and a dashed
 * outline, never colour alone.
 */
export const RestrictedMark = Mark.create({
  name: RESTRICTED_MARK,
  // Outermost mark, so one flagged passage renders as one span (one badge) even with bold inside it.
  priority: 1000,
  // Text typed at the end of a flagged passage stays flagged: over-restricting is the safe mistake.
  inclusive: true,

  addAttributes() {
    return {
      [RESTRICTED_MARK_ATTRIBUTE]: {
        default: null,
        parseHTML: (element) => asKind(element.getAttribute('data-restriction')),
        renderHTML: (attributes) => {
          const kind = asKind(attributes[RESTRICTED_MARK_ATTRIBUTE]);
          if (!kind) return {};
          return {
            'data-restriction': kind,
            'data-restriction-label': RESTRICTION_BADGES[kind],
            title: RESTRICTION_LABELS[kind],
          };
        },
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-restriction]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes({ class: 'rt-restricted' }, HTMLAttributes), 0];
  },
});
