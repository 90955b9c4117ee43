import { RESTRICTED_MARK, RESTRICTED_MARK_ATTRIBUTE, RESTRICTION_LABELS } from '@roundtable/shared/templates';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';

interface RestrictionToolbarProps {
  editor: Editor | null;
  /** The section's title, to name the group of buttons. */
  sectionTitle: string;
  /** id of the hint that explains how to flag a passage. */
  hintId: string;
}

/** The one inline flag the shared record takes: a family-version filter, not a restriction on members. */
const INLINE_FLAG = 'not-for-family';

/**
 * The button that flags the selected passage "not for the family" (DOMAIN.md
 * §7), or clears the flag: a toggle button (aria-pressed) that reflects the
 * flag at the cursor. Keyboard: select text in the editor, Shift+Tab to the
 * button, press Enter or Space; the editor gets its selection and focus back.
 *
 * There is no "police restricted" passage any more: every member receives the
 * whole shared record, so restricted information goes into a compartment
 * beside the section ("Add restricted information"), which only its audience
 * receives. The server refuses a police-restricted mark; existing ones still render.
 *
 * Test hooks: `[data-testid=restriction-toolbar] [data-restriction-button=not-for-family]`.
 */
export function RestrictionToolbar({ editor, sectionTitle, hintId }: RestrictionToolbarProps) {
  const active =
    useEditorState({
      editor,
      selector: ({ editor: e }): boolean =>
        e ? e.isActive(RESTRICTED_MARK, { [RESTRICTED_MARK_ATTRIBUTE]: INLINE_FLAG }) : false,
    }) ?? false;

  if (!editor) return null;

  const toggle = () => {
    const chain = editor.chain().focus();
    if (active) chain.unsetMark(RESTRICTED_MARK, { extendEmptyMarkRange: true }).run();
    else chain.setMark(RESTRICTED_MARK, { [RESTRICTED_MARK_ATTRIBUTE]: INLINE_FLAG }).run();
  };

  return (
    <div
      className="rt-restriction-toolbar"
      role="group"
      aria-label={`Flags for ${sectionTitle}`}
      aria-describedby={hintId}
      data-testid="restriction-toolbar"
    >
      <button
        type="button"
        className="govuk-button govuk-button--secondary rt-restriction-toolbar__button"
        aria-pressed={active}
        data-restriction-button={INLINE_FLAG}
        // A mouse press must not take the focus (and so the selection) from the editor.
        onMouseDown={(event) => event.preventDefault()}
        onClick={toggle}
      >
        {RESTRICTION_LABELS[INLINE_FLAG]}
      </button>
    </div>
  );
}
