import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import type { RECORD_SECTIONS } from '@roundtable/shared/constants';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { renderCaret, renderSelection } from '../collab/caretRendering';

export interface CaretUser {
  id: string;
  name: string;
  color: string;
  colour: string;
}

interface RecordSectionProps {
  section: (typeof RECORD_SECTIONS)[number];
  doc: Y.Doc;
  provider: WebsocketProvider;
  editable: boolean;
  caretUser: CaretUser;
}

/**
 * One section of the strategy discussion record: a TipTap editor bound to the
 * Y.XmlFragment named by the section key in the meeting's shared Y.Doc.
 *
 * Stable DOM for tests: `[data-section="<key>"] .ProseMirror` is the editable
 * element (role="textbox", aria-label = section title). Read text with
 * textContent of its paragraphs; caret name labels are inside it too, in
 * `.collaboration-carets__label` (aria-hidden).
 */
export function RecordSection({ section, doc, provider, editable, caretUser }: RecordSectionProps) {
  const titleId = `section-${section.key}-title`;
  const hintId = `section-${section.key}-hint`;

  const editor = useEditor(
    {
      editable,
      extensions: [
        StarterKit.configure({
          // Yjs has its own undo manager (the Collaboration extension).
          undoRedo: false,
          // Headings inside a section sit below the section's own <h3>.
          heading: { levels: [4] },
          // A safeguarding record has no need for clickable links.
          link: false,
        }),
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

  return (
    <div className="rt-record-section" data-section={section.key}>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={titleId}>
        {section.title}
      </h3>
      <div className="govuk-hint" id={hintId}>
        {section.hint}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
