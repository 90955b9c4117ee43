import type { TemplateSection } from '@roundtable/shared/templates';
import { Fragment, type ReactNode } from 'react';
import type { CollabSession } from '../collab/useCollabSession';
import { RecordSection, type CaretUser } from './RecordSection';

interface RecordEditorProps {
  session: CollabSession | null;
  /** The record's sections, from the meeting's own template (MeetingDetail.templates). */
  sections: readonly TemplateSection[];
  editable: boolean;
  caretUser: CaretUser;
  /** The discussion has concluded: read-only for everyone, whatever the role. */
  concluded?: boolean;
  /** Shown under each section (its addenda, once concluded). */
  afterSection?: (sectionKey: string) => ReactNode;
  /** The section the chair moved the discussion to (the agenda), highlighted. */
  currentSectionKey?: string | null;
}

/** The live record: one editor per section of the meeting's record template (DOMAIN.md §3.5 by default), all on one Y.Doc and one provider. */
export function RecordEditor({
  session,
  sections,
  editable,
  caretUser,
  concluded,
  afterSection,
  currentSectionKey = null,
}: RecordEditorProps) {
  return (
    <section aria-labelledby="record-heading" id="record">
      <h2 className="govuk-heading-m" id="record-heading">
        Record of the discussion
      </h2>
      {concluded && (
        <div className="govuk-inset-text" data-testid="read-only-notice">
          The discussion has concluded: the record is read-only. Corrections are addenda.
        </div>
      )}
      {!editable && !concluded && (
        <div className="govuk-inset-text" data-testid="read-only-notice">
          You are observing: read only. You can see the record as others write it, but you cannot change it.
        </div>
      )}
      {session ? (
        sections.map((section) => (
          <Fragment key={section.key}>
            <RecordSection
              section={section}
              doc={session.doc}
              provider={session.provider}
              editable={editable}
              caretUser={caretUser}
              current={section.key === currentSectionKey}
              compartmentsBeside
            />
            {afterSection?.(section.key)}
          </Fragment>
        ))
      ) : (
        <p className="govuk-body">Opening the record…</p>
      )}
    </section>
  );
}
