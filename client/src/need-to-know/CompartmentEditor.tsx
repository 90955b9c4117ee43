import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import { COMPARTMENT_FRAGMENT } from '@roundtable/shared/realtime';
import { useEffect } from 'react';
import { watchCaretActivity } from '../collab/caretActivity';
import { renderCaret, renderSelection } from '../collab/caretRendering';
import { RestrictedMark } from '../collab/restrictedMark';
import { useCollabSession, type CollabSession } from '../collab/useCollabSession';
import type { CaretUser } from '../room/RecordSection';
import '../collab/prosemirror-base.css';

interface CompartmentEditorProps {
  meetingId: string;
  compartmentId: string;
  /** The editor's accessible name, e.g. "Restricted information (Police only) in Strengths". */
  label: string;
  hintId: string;
  editable: boolean;
  caretUser: CaretUser;
}

const STATE_TEXT = {
  connecting: 'Opening…',
  saved: 'Saved',
  saving: 'Saving…',
  offline: 'Offline: changes are kept on this device and sent when you reconnect',
  closed: 'Disconnected',
  'not-saved': 'Not saved',
} as const;

/**
 * The text of one restricted compartment: its own Y.Doc and provider
 * (`meetings/<id>/compartments/<compartmentId>`, one fragment), which the
 * server lets only the compartment's audience open. Mounted only for a
 * compartment the reader may open.
 */
export function CompartmentEditor(props: CompartmentEditorProps) {
  const { meetingId, compartmentId, editable } = props;
  const { session, connection } = useCollabSession(meetingId, editable, {}, 'record', compartmentId);
  return (
    <>
      {session ? <BoundEditor {...props} session={session} /> : <p className="govuk-body">Opening…</p>}
      <p className="govuk-body-s govuk-!-margin-bottom-0 rt-compartment__state" data-state={connection.state}>
        {editable ? STATE_TEXT[connection.state] : null}
      </p>
    </>
  );
}

function BoundEditor({
  session: { doc, provider },
  label,
  hintId,
  editable,
  caretUser,
}: CompartmentEditorProps & { session: CollabSession }) {
  const editor = useEditor(
    {
      editable,
      injectCSS: false,
      extensions: [
        StarterKit.configure({ undoRedo: false, heading: { levels: [4] }, link: false }),
        RestrictedMark,
        Collaboration.configure({ document: doc, field: COMPARTMENT_FRAGMENT }),
        CollaborationCaret.configure({
          provider,
          user: caretUser,
          render: renderCaret,
          selectionRender: renderSelection,
        }),
      ],
      editorProps: {
        attributes: {
          'aria-label': label,
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
  useEffect(() => watchCaretActivity(doc, provider.awareness), [doc, provider]);
  return <EditorContent editor={editor} />;
}
