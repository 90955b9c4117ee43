import {
  FAMILY_ATTENDANCE_LABELS,
  FAMILY_ATTENDANCE_STATUSES,
  type FamilyAttendance,
  type FamilyAttendanceStatus,
  SetFamilyAttendanceRequestSchema,
} from '@roundtable/shared/family-view';
import type { MeetingPart } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../api';
import { formatDateTime } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { familyParticipationApi } from '../family/home/familyViewApi';
import type { FamilyView, SafetyPlanSignaturesResponse } from '@roundtable/shared/family-view';

const FIELDS = ['status', 'partId', 'reason', 'interpreterLanguage', 'advocateName', 'advocateOrganisation'];

/** The chair records one family member's attendance: present, absent, or excluded from a part (with the reason). */
function AttendanceForm({
  meetingId,
  member,
  parts,
  onSaved,
}: {
  meetingId: string;
  member: FamilyAttendance;
  parts: readonly MeetingPart[];
  onSaved: (list: FamilyAttendance[]) => void;
}) {
  const id = (field: string) => `family-attendance-${member.participantId}-${field}`;
  const [status, setStatus] = useState<FamilyAttendanceStatus | ''>(member.status ?? '');
  const [partId, setPartId] = useState(member.partId ?? '');
  const [reason, setReason] = useState(member.reason ?? '');
  const [language, setLanguage] = useState(member.interpreterLanguage ?? '');
  const [advocate, setAdvocate] = useState(member.advocateName ?? '');
  const [organisation, setOrganisation] = useState(member.advocateOrganisation ?? '');
  const form = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = form.validate(SetFamilyAttendanceRequestSchema, {
      status: status || undefined,
      partId: status === 'excluded-from-part' ? partId || undefined : undefined,
      reason: status === 'excluded-from-part' ? reason : undefined,
      interpreterLanguage: language,
      advocateName: advocate,
      advocateOrganisation: organisation,
    });
    if (!valid) return;
    await form.send(async () => {
      onSaved((await familyParticipationApi.setAttendance(meetingId, member.participantId, valid)).attendance);
      form.clearErrors();
    });
  }

  const summary = toSummary(form.errors, FIELDS, id, id('status'));
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="family-attendance-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField
        id={id('status')}
        legend={`${member.displayName}’s attendance`}
        legendClass="govuk-fieldset__legend--s"
        value={status}
        options={FAMILY_ATTENDANCE_STATUSES.map((value) => ({ value, text: FAMILY_ATTENDANCE_LABELS[value] }))}
        onChange={setStatus}
        error={form.errors.status}
        small
      />
      {status === 'excluded-from-part' && (
        <>
          <SelectField
            id={id('partId')}
            name="partId"
            label="The part they were excluded from"
            value={partId}
            options={[
              { value: '', text: parts.length ? 'Choose a part' : 'No part has been held without the parents' },
              ...parts.map((p) => ({ value: p.id, text: `Began ${formatDateTime(p.startedAt)}` })),
            ]}
            onChange={setPartId}
            error={form.errors.partId}
          />
          <TextareaField
            id={id('reason')}
            name="reason"
            label="Why they were excluded"
            hint="Kept in the professional record only: the family version says only that they were excluded from part of the meeting."
            value={reason}
            onChange={setReason}
            error={form.errors.reason}
            rows={3}
          />
        </>
      )}
      <TextField
        id={id('interpreterLanguage')}
        name="interpreterLanguage"
        label="Interpreter’s language (if an interpreter took part)"
        value={language}
        onChange={setLanguage}
        error={form.errors.interpreterLanguage}
      />
      <TextField
        id={id('advocateName')}
        name="advocateName"
        label="Advocate’s name (if an advocate took part)"
        value={advocate}
        onChange={setAdvocate}
        error={form.errors.advocateName}
      />
      <TextField
        id={id('advocateOrganisation')}
        name="advocateOrganisation"
        label="Advocate’s organisation"
        value={organisation}
        onChange={setOrganisation}
        error={form.errors.advocateOrganisation}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={form.submitting}>
        Save {member.displayName}’s attendance
      </button>
    </form>
  );
}

/**
 * The family's participation in the room (docs/FAMILY.md "The family view"):
 * their own words, each family member's attendance (recorded by the chair)
 * and whether they signed the safety plan as it is now, loaded again whenever
 * `refreshKey` changes (the room's `family:activity` of a view, a signature or
 * attendance, and every rejoin), so nothing needs checking by hand. Test hook:
 * `#family-participation`.
 */
export function FamilyParticipationPanel({ meeting, refreshKey }: { meeting: MeetingDetail; refreshKey?: string }) {
  const [views, setViews] = useState<FamilyView[] | null>(null);
  const [attendance, setAttendance] = useState<FamilyAttendance[] | null>(null);
  const [signatures, setSignatures] = useState<SafetyPlanSignaturesResponse | null>(null);
  const [parts, setParts] = useState<MeetingPart[]>([]);
  const [problem, setProblem] = useState<string>();
  const chair = meeting.myRole === 'chair' && meeting.status !== 'concluded';

  const load = useCallback(async () => {
    try {
      const [v, a, s] = await Promise.all([
        familyParticipationApi.views(meeting.id),
        familyParticipationApi.attendance(meeting.id),
        familyParticipationApi.signatures(meeting.id),
      ]);
      setViews(v.views);
      setAttendance(a.attendance);
      setSignatures(s);
      setProblem(undefined);
    } catch (error) {
      setProblem(errorMessage(error));
    }
    // Parts are held in conferences only; elsewhere the list is empty.
    familyParticipationApi.parts(meeting.id).then(
      (r) => setParts(r.parts),
      () => setParts([]),
    );
  }, [meeting.id]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  return (
    <section aria-labelledby="family-participation-heading" id="family-participation">
      <h2 className="govuk-heading-l" id="family-participation-heading">
        The family
      </h2>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      <h3 className="govuk-heading-m">The family’s own words</h3>
      {views?.length === 0 && <p className="govuk-body">No family member has told the meeting what they think yet.</p>}
      {views && views.length > 0 && (
        <ul className="govuk-list" data-testid="family-views">
          {views.map((view) => (
            <li key={view.id} className="govuk-!-margin-bottom-4" data-family-view-id={view.id}>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                {view.author} ({view.relationship}), {view.when} the meeting,{' '}
                <time dateTime={view.submittedAt}>{formatDateTime(view.submittedAt)}</time>
              </p>
              <p className="govuk-body rt-preserve-lines">{view.text}</p>
            </li>
          ))}
        </ul>
      )}

      <h3 className="govuk-heading-m">Family members’ attendance</h3>
      {attendance?.length === 0 && <p className="govuk-body">No family member has been invited to this meeting.</p>}
      {attendance?.map((member) => (
        <div key={member.participantId} className="govuk-!-margin-bottom-6" data-participant-id={member.participantId}>
          <p className="govuk-body">
            <strong>{member.displayName}</strong> ({member.relationship}):{' '}
            {member.status ? FAMILY_ATTENDANCE_LABELS[member.status] : 'Not recorded'}
            {member.reason ? `. Reason: ${member.reason}` : ''}
            {member.interpreterLanguage ? `. Interpreter: ${member.interpreterLanguage}` : ''}
            {member.advocateName || member.advocateOrganisation
              ? `. Advocate: ${[member.advocateName, member.advocateOrganisation].filter(Boolean).join(', ')}`
              : ''}
          </p>
          {chair && <AttendanceForm meetingId={meeting.id} member={member} parts={parts} onSaved={setAttendance} />}
        </div>
      ))}

      <h3 className="govuk-heading-m">Safety plan signatures</h3>
      {signatures?.signatures.length === 0 && (
        <p className="govuk-body">No family member has signed the safety plan.</p>
      )}
      {signatures && signatures.signatures.length > 0 && (
        <ul className="govuk-list" data-testid="family-signatures">
          {signatures.signatures.map((s) => (
            <li key={s.id}>
              {s.displayName} signed on <time dateTime={s.signedAt}>{formatDateTime(s.signedAt)}</time>{' '}
              {s.current ? (
                <strong className="govuk-tag govuk-tag--green">The plan as it is now</strong>
              ) : (
                <strong className="govuk-tag govuk-tag--orange">An earlier version</strong>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
