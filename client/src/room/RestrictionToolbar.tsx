import {
  RESTRICTED_MARK,
  RESTRICTED_MARK_ATTRIBUTE,
  RESTRICTION_KINDS,
  RESTRICTION_LABELS,
  type RestrictionKind,
} from '@roundtable/shared/templates';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';

interface RestrictionToolbarProps {
  editor: Editor | null;
  /** The section's title, to name the group of buttons. */
  sectionTitle: string;
  /** id of the hint that explains how to flag a passage. */
  hintId: string;
}

type ActiveFlags = Record<RestrictionKind, boolean>;

const NONE: ActiveFlags = { 'police-restricted': false, 'health-restricted': false, 'not-for-family': false };

/**
 * Buttons that flag the selected passage "police restricted" or "not for the
 * family" (DOMAIN.md §7), or clear the flag. Each is a toggle button
 * (aria-pressed) that reflects the flag at the cursor. Keyboard: select text
 * in the editor, Shift+Tab to the buttons, press Enter or Space; the editor
 * gets its selection and focus back.
 *
 * Test hooks: `[data-testid=restriction-toolbar] [data-restriction-button=<kind>]`.
 */
export function RestrictionToolbar({ editor, sectionTitle, hintId }: RestrictionToolbarProps) {
  const active =
    useEditorState({
      editor,
      selector: ({ editor: e }): ActiveFlags =>
        e
          ? {
              'police-restricted': e.isActive(RESTRICTED_MARK, { [RESTRICTED_MARK_ATTRIBUTE]: 'police-restricted' }),
              'health-restricted': e.isActive(RESTRICTED_MARK, { [RESTRICTED_MARK_ATTRIBUTE]: 'health-restricted' }),
              'not-for-family': e.isActive(RESTRICTED_MARK, { [RESTRICTED_MARK_ATTRIBUTE]: 'not-for-family' }),
            }
          : NONE,
    }) ?? NONE;

  if (!editor) return null;

  const toggle = (kind: RestrictionKind) => {
    const chain = editor.chain().focus();
    if (active[kind]) chain.unsetMark(RESTRICTED_MARK, { extendEmptyMarkRange: true }).run();
    else chain.setMark(RESTRICTED_MARK, { [RESTRICTED_MARK_ATTRIBUTE]: kind }).run();
  };

  return (
    <div
      className="rt-restriction-toolbar"
      role="group"
      aria-label={`Flags for ${sectionTitle}`}
      aria-describedby={hintId}
      data-testid="restriction-toolbar"
    >
      {RESTRICTION_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="govuk-button govuk-button--secondary rt-restriction-toolbar__button"
          aria-pressed={active[kind]}
          data-restriction-button={kind}
          // A mouse press must not take the focus (and so the selection) from the editor.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => toggle(kind)}
        >
          {RESTRICTION_LABELS[kind]}
        </button>
      ))}
    </div>
  );
}
