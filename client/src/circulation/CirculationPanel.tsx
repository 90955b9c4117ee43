import type { CirculationResponse, NonMemberVariant } from '@roundtable/shared/circulation';
import { formatDateTime } from '@roundtable/shared/dates';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api';
import { ProblemSummary, SuccessBanner } from '../layout/Banners';
import { CirculateForm, type Selection } from './CirculateForm';
import { RecipientsTable } from './RecipientsTable';

const NOBODY: Selection = { members: [], familyMembers: [], nonMembers: [] };

/** The recipients of the newest circulation of an older version, chosen again to send them the newest. */
function outdatedSelection(circulation: CirculationResponse): Selection {
  const latest = new Map<string, CirculationResponse['recipients'][number]>();
  // Newest first: each person's most recent sending decides whether they have an older version.
  for (const r of circulation.recipients) {
    const key = `${r.kind}:${r.email}`;
    if (!latest.has(key)) latest.set(key, r);
  }
  const old = [...latest.values()].filter((r) => r.outdated);
  const memberIds = new Map(circulation.candidates.members.map((m) => [m.email, m.id]));
  const familyIds = new Map(circulation.candidates.familyMembers.map((m) => [m.email, m.id]));
  return {
    members: old.flatMap((r) => (r.kind === 'member' && memberIds.has(r.email) ? [memberIds.get(r.email)!] : [])),
    familyMembers: old.flatMap((r) => (r.kind === 'family' && familyIds.has(r.email) ? [familyIds.get(r.email)!] : [])),
    nonMembers: old
      .filter((r) => r.kind === 'non-member')
      .map((r) => ({
        name: r.name,
        email: r.email,
        organisation: r.organisation ?? '',
        variant: r.variant as NonMemberVariant,
      })),
  };
}

/**
 * "Circulate the record" (docs/CIRCULATION.md), for the chair of a concluded
 * meeting: who has been sent which version and whether they downloaded it,
 * and sending the newest version to members, people who are not members and
 * family members. After an addendum, recipients of an older version are
 * shown, and can be chosen again in one step. Test hook: `#circulation`.
 */
export function CirculationPanel({ meetingId, refreshKey }: { meetingId: string; refreshKey?: string }) {
  const [circulation, setCirculation] = useState<CirculationResponse | null>(null);
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [initial, setInitial] = useState<Selection>(NOBODY);

  const load = useCallback(async () => {
    try {
      setCirculation(await api.circulation.get(meetingId));
      setProblem(undefined);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, [meetingId]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);
  const outdated = useMemo(() => (circulation ? outdatedSelection(circulation) : NOBODY), [circulation]);
  const outdatedCount = outdated.members.length + outdated.familyMembers.length + outdated.nonMembers.length;

  return (
    <section aria-labelledby="circulation-heading" id="circulation" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="circulation-heading">
        Circulate the record
      </h2>
      {notice && (
        <SuccessBanner id="circulation-notice-title" headingLevel={3}>
          {notice}
        </SuccessBanner>
      )}
      {problem && <ProblemSummary problem={problem} testId="circulation-error" />}
      {circulation === null ? (
        !problem && (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )
      ) : circulation.latestVersion === null ? (
        <p className="govuk-body">The record is being sealed. You can circulate it once it is listed above.</p>
      ) : (
        <>
          <p className="govuk-body">
            Send the record to everyone who should receive it, including agencies that did not attend and the referrer.
            The statutory clock for circulating the record is met when it has gone out.
          </p>
          {circulation.firstCirculatedAt ? (
            <p className="govuk-body" data-testid="circulated-at">
              First circulated on {formatDateTime(circulation.firstCirculatedAt)}.
            </p>
          ) : (
            <div className="govuk-inset-text" data-testid="not-circulated">
              The record has not been circulated yet.
            </div>
          )}
          {outdatedCount > 0 && (
            <div className="govuk-warning-text" data-testid="circulation-outdated">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {outdatedCount === 1 ? '1 recipient has' : `${outdatedCount} recipients have`} an older version. Version{' '}
                {circulation.latestVersion} was sealed after an addendum.{' '}
                <button type="button" className="govuk-link rt-link-button" onClick={() => setInitial(outdated)}>
                  Send them version {circulation.latestVersion}
                </button>
              </strong>
            </div>
          )}
          {circulation.recipients.length > 0 && <RecipientsTable recipients={circulation.recipients} />}
          <h3 className="govuk-heading-s">Send version {circulation.latestVersion}</h3>
          <CirculateForm
            circulation={circulation}
            initial={initial}
            onSent={(result, count) => {
              setCirculation(result);
              setInitial({ ...NOBODY });
              setNotice(
                `Version ${result.latestVersion} of the record was sent to ${count} ${count === 1 ? 'person' : 'people'}`,
              );
            }}
          />
        </>
      )}
    </section>
  );
}
