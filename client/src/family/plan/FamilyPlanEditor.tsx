import { FAMILY_PLAN_FRAGMENT } from '@roundtable/shared/fgdm';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import { useEffect } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { watchCaretActivity } from '../../collab/caretActivity';
import { localColour, renderCaret, renderSelection } from '../../collab/caretRendering';
import '../../collab/prosemirror-base.css';

interface FamilyPlanEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  editable: boolean;
  /** Our own name and id, for our caret until the server rewrites our presence. */
  me: { id: string; name: string };
  labelId: string;
  hintId: string;
}

/**
 * The family's plan: a TipTap editor bound to the one fragment of the family
 * plan document. Others' carets show with their names while they type.
 * Stable DOM for tests: `#family-plan-editor .ProseMirror` (role="textbox").
 */
export function FamilyPlanEditor({ doc, provider, editable, me, labelId, hintId }: FamilyPlanEditorProps) {
  const colour = localColour(me.id);
  const editor = useEditor(
    {
      editable,
      injectCSS: false,
      extensions: [
        StarterKit.configure({ undoRedo: false, heading: false, link: false, codeBlock: false, code: false }),
        Collaboration.configure({ document: doc, field: FAMILY_PLAN_FRAGMENT }),
        CollaborationCaret.configure({
          provider,
          user: { id: me.id, name: me.name, color: colour, colour },
          render: renderCaret,
          selectionRender: renderSelection,
        }),
      ],
      editorProps: {
        attributes: {
          'aria-labelledby': labelId,
          'aria-describedby': hintId,
          role: 'textbox',
          'aria-multiline': 'true',
          ...(editable ? {} : { 'aria-readonly': 'true' }),
          class: editable ? 'rt-editor rt-family-plan-editor' : 'rt-editor rt-editor--read-only rt-family-plan-editor',
          spellcheck: 'true',
        },
      },
    },
    [doc, provider, editable],
  );
  useEffect(() => watchCaretActivity(doc, provider.awareness), [doc, provider]);
  return (
    <div id="family-plan-editor">
      <EditorContent editor={editor} />
    </div>
  );
}
