import { ADDENDUM_WHOLE_RECORD } from '@roundtable/shared/lifecycle';
import { canAddAddendum, canSignOffAddendum } from '@roundtable/shared/permissions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { templateFor } from '@roundtable/shared/templates';
import { AddAddendumForm } from './AddAddendumForm';
import { AddendumItem } from './AddendumItem';
import type { Addenda } from './useAddenda';

/**
 * Addenda to the concluded record: every one, in record order, with the
 * section it belongs to (each is also shown under its section), the form to
 * add one (chair, participants, minute-taker) and the chair's sign-off.
 * Test hook: `#addenda`.
 */
export function AddendaPanel({ meeting, addenda }: { meeting: MeetingDetail; addenda: Addenda }) {
  const sections = [
    { key: ADDENDUM_WHOLE_RECORD, title: 'The record as a whole' },
    ...templateFor(meeting.templates, 'record').sections.map(({ key, title }) => ({ key, title })),
    { key: 'safety-plan', title: 'Safety plan' },
  ];
  const titleOf = (key: string) => sections.find((s) => s.key === key)?.title ?? key;
  const rank = (key: string) => sections.findIndex((s) => s.key === key);
  const ordered = [...addenda.addenda].sort((a, b) => rank(a.sectionKey) - rank(b.sectionKey));
  return (
    <section aria-labelledby="addenda-heading" id="addenda" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="addenda-heading">
        Addenda
      </h2>
      {meeting.status !== 'concluded' ? (
        <p className="govuk-body">
          Addenda are added after the discussion concludes. Until then, change the record itself.
        </p>
      ) : (
        <>
          {addenda.problem && <p className="govuk-error-message">{addenda.problem}</p>}
          {ordered.length === 0 ? (
            <p className="govuk-body">No addenda yet.</p>
          ) : (
            ordered.map((addendum) => (
              <AddendumItem
                key={addendum.id}
                addendum={addendum}
                sectionTitle={titleOf(addendum.sectionKey)}
                canSignOff={canSignOffAddendum(meeting.myRole)}
                onChange={addenda.replace}
              />
            ))
          )}
          {canAddAddendum(meeting.myRole) && (
            <AddAddendumForm meetingId={meeting.id} sections={sections} onAdded={addenda.replace} />
          )}
        </>
      )}
    </section>
  );
}
