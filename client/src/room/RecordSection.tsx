import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import type { TemplateSection } from '@roundtable/shared/templates';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { useEffect } from 'react';
import { watchCaretActivity } from '../collab/caretActivity';
import { renderCaret, renderSelection } from '../collab/caretRendering';
import { RestrictedMark } from '../collab/restrictedMark';
import { RestrictionToolbar } from './RestrictionToolbar';
import '../collab/prosemirror-base.css';

export interface CaretUser {
  id: string;
  name: string;
  color: string;
  colour: string;
}

interface RecordSectionProps {
  /** A section of the meeting's own template for this document. */
  section: TemplateSection;
  /** Prefix of element ids, unique per document on the page ('section' for the record). */
  idPrefix?: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  editable: boolean;
  caretUser: CaretUser;
  /** The chair has moved the discussion to this section (the agenda). */
  current?: boolean;
  /** Restricted information can be added beside this section (the record): the hint says so. */
  compartmentsBeside?: boolean;
}

/**
 * One section of a meeting's document (the record or the safety plan): a
 * TipTap editor bound to the Y.XmlFragment named by the section key in the
 * document's shared Y.Doc. Editors can flag passages "not for the family" with
 * the toolbar above the editor; restricted information goes in compartments
 * beside the section (client/src/need-to-know), never in the shared record.
 *
 * Stable DOM for tests: `[data-section="<key>"] .ProseMirror` is the editable
 * element (role="textbox", aria-label = section title). Read text with
 * textContent of its paragraphs; caret name labels are inside it too, in
 * `.collaboration-carets__label` (aria-hidden).
 */
export function RecordSection({
  section,
  idPrefix = 'section',
  doc,
  provider,
  editable,
  caretUser,
  current = false,
  compartmentsBeside = false,
}: RecordSectionProps) {
  const titleId = `${idPrefix}-${section.key}-title`;
  const hintId = `${idPrefix}-${section.key}-hint`;
  const flagHintId = `${idPrefix}-${section.key}-flag-hint`;

  const editor = useEditor(
    {
      editable,
      // No inline <style> (blocked by the CSP): the base styles come from prosemirror-base.css.
      injectCSS: false,
      extensions: [
        StarterKit.configure({
          // Yjs has its own undo manager (the Collaboration extension).
          undoRedo: false,
          // Headings inside a section sit below the section's own <h3>.
          heading: { levels: [4] },
          // A safeguarding record has no need for clickable links.
          link: false,
        }),
        RestrictedMark,
        Collaboration.configure({ document: doc, field: section.key }),
        CollaborationCaret.configure({
          provider,
          user: caretUser,
          render: renderCaret,
          selectionRender: renderSelection,
        }),
      ],
      editorProps: {
        attributes: {
          'aria-label': section.title,
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-describedby': hintId,
          ...(editable ? {} : { 'aria-readonly': 'true' }),
          class: editable ? 'rt-editor' : 'rt-editor rt-editor--read-only',
          spellcheck: 'true',
        },
      },
    },
    [doc, provider, editable],
  );

  // Others' name labels show while they type or move, and fade after (caretActivity.ts).
  useEffect(() => watchCaretActivity(doc, provider.awareness), [doc, provider]);

  return (
    <div
      className={`rt-record-section${current ? ' rt-record-section--current' : ''}`}
      data-section={section.key}
      data-current={current || undefined}
    >
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={titleId}>
        {section.title}
        {current && (
          <>
            {' '}
            <strong className="govuk-tag govuk-tag--blue rt-record-section__now">Now discussing</strong>
          </>
        )}
      </h3>
      <div className="govuk-hint" id={hintId}>
        {section.hint}
      </div>
      {editable && (
        <>
          <p className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-1" id={flagHintId}>
            Select text, then choose “Not for the family” to keep it out of the family version; choose it again to
            remove the flag.
            {compartmentsBeside &&
              ' Everyone in the meeting reads this record: restricted information goes in “Add restricted information” below.'}
          </p>
          <RestrictionToolbar editor={editor} sectionTitle={section.title} hintId={flagHintId} />
        </>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
