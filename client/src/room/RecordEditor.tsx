import { RECORD_SECTIONS } from '@roundtable/shared/constants';
import type { CollabSession } from '../collab/useCollabSession';
import { RecordSection, type CaretUser } from './RecordSection';

interface RecordEditorProps {
  session: CollabSession | null;
  editable: boolean;
  caretUser: CaretUser;
}

/** The live record: one editor per section of DOMAIN.md §3.5, all on one Y.Doc and one provider. */
export function RecordEditor({ session, editable, caretUser }: RecordEditorProps) {
  return (
    <section aria-labelledby="record-heading" id="record">
      <h2 className="govuk-heading-m" id="record-heading">
        Record of the discussion
      </h2>
      {!editable && (
        <div className="govuk-inset-text" data-testid="read-only-notice">
          You are observing: read only. You can see the record as others write it, but you cannot change it.
        </div>
      )}
      {session ? (
        RECORD_SECTIONS.map((section) => (
          <RecordSection
            key={section.key}
            section={section}
            doc={session.doc}
            provider={session.provider}
            editable={editable}
            caretUser={caretUser}
          />
        ))
      ) : (
        <p className="govuk-body">Opening the record…</p>
      )}
    </section>
  );
}
