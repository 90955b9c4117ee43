import { STEP_DOWN_LABELS, type ChildProtectionPlan } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatDateTime } from '../dates';
import { PlanContentView } from './PlanContentView';
import { PlanEditor } from './PlanEditor';
import { PlanVersionLine } from './PlanVersionLine';
import { PlanVersions } from './PlanVersions';
import { categoryList, personWithAgency, shortHash } from './planLabels';

interface ChildPlanSectionProps {
  childId: string;
  plan: ChildProtectionPlan | null;
  /** The plan meeting it is changed in (recorded with each version); none on the child's page. */
  meetingId?: string;
  /** False where the reader may only read it (an observer, a concluded meeting). The server decides in the end. */
  canEdit?: boolean;
  /** The section's id: "plan" on the child's page (the chronology links to `#plan`); unique per child elsewhere. */
  id?: string;
  title?: string;
  /** Shown instead of the plan when the child has none. */
  emptyText?: ReactNode;
  /** A version was saved here, or someone else's newer version was found while saving. */
  onPlanChange?: (plan: ChildProtectionPlan) => void;
}

/** The newer of two copies of the same plan: the page's and the one saved here. */
function newer(a: ChildProtectionPlan | null, b: ChildProtectionPlan | null): ChildProtectionPlan | null {
  if (!a || !b || a.id !== b.id) return a ?? b;
  return b.current.version > a.current.version ? b : a;
}

/**
 * A child's child protection plan (DOMAIN-PATHWAY §4, §9.1 item 7): its
 * status, categories, lead professional and core group; the current version
 * (outcomes and actions, contingency, review dates, core group frequency)
 * with who changed it, when and in which meeting; earlier versions with their
 * fingerprints; and, while the plan is active, the editor. Test hooks:
 * `section#plan` (or the given id), `[data-testid=plan-status]`.
 */
export function ChildPlanSection(props: ChildPlanSectionProps) {
  const { childId, meetingId, id = 'plan', title = 'Child protection plan' } = props;
  const [saved, setSaved] = useState<ChildProtectionPlan | null>(null);
  const plan = newer(props.plan, saved);
  const [editing, setEditing] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const savedBanner = useRef<HTMLDivElement>(null);
  const returnFocus = useRef(false);
  const headingId = `${id}-heading`;

  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    (savedVersion ? savedBanner.current : editButton.current)?.focus();
  }, [editing, savedVersion]);

  const keep = (next: ChildProtectionPlan) => {
    setSaved(next);
    props.onPlanChange?.(next);
  };

  if (!plan) {
    return (
      <section id={id} aria-labelledby={headingId} className="govuk-!-margin-bottom-8">
        <h2 className="govuk-heading-l" id={headingId}>
          {title}
        </h2>
        {props.emptyText ?? <p className="govuk-body">There is no child protection plan.</p>}
      </section>
    );
  }

  const active = plan.status === 'active';
  const canEdit = (props.canEdit ?? true) && active;
  const row = (key: string, value: ReactNode) => (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{key}</dt>
      <dd className="govuk-summary-list__value">{value}</dd>
    </div>
  );
  const changedCategories =
    plan.initialCategories.join() !== plan.latestCategories.join() ? plan.initialCategories : null;

  return (
    <section id={id} aria-labelledby={headingId} className="govuk-!-margin-bottom-8" data-plan-id={plan.id}>
      <h2 className="govuk-heading-l" id={headingId}>
        {title}
      </h2>
      {savedVersion && (
        <div
          className="govuk-notification-banner govuk-notification-banner--success rt-focus-target"
          role="alert"
          tabIndex={-1}
          ref={savedBanner}
          data-testid="plan-saved"
        >
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">The plan was saved as version {savedVersion}.</p>
          </div>
        </div>
      )}
      <dl className="govuk-summary-list">
        {row(
          'Status',
          <>
            <strong
              className={`govuk-tag ${active ? 'govuk-tag--green' : 'govuk-tag--grey'}`}
              data-testid="plan-status"
            >
              {active ? 'Active' : 'Ended'}
            </strong>
            {plan.endedAt && (
              <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                Ended on <time dateTime={plan.endedAt}>{formatDateTime(plan.endedAt)}</time>
                {plan.endedByMeeting && <> at {plan.endedByMeeting.reference}</>}
                {plan.stepDown && <>, stepping down to: {STEP_DOWN_LABELS[plan.stepDown]}</>}.
              </p>
            )}
          </>,
        )}
        {row(
          'Started',
          <>
            <time dateTime={plan.startedAt}>{formatDateTime(plan.startedAt)}</time> at {plan.startedByMeeting.reference}
          </>,
        )}
        {row(
          'Categories',
          <>
            {categoryList(plan.latestCategories) || 'None recorded'}
            {changedCategories && (
              <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                Initial {changedCategories.length === 1 ? 'category' : 'categories'}: {categoryList(changedCategories)}
              </p>
            )}
          </>,
        )}
        {row('Lead professional', plan.leadProfessional ? personWithAgency(plan.leadProfessional) : 'Not named')}
        {row(
          'Core group',
          plan.coreGroup.length === 0 ? (
            'Not named'
          ) : (
            <ul className="govuk-list govuk-!-margin-bottom-0">
              {plan.coreGroup.map((person) => (
                <li key={person.userId}>{personWithAgency(person)}</li>
              ))}
            </ul>
          ),
        )}
      </dl>
      <h3 className="govuk-heading-m">The plan now</h3>
      <p className="govuk-body" data-testid="plan-current-version">
        <PlanVersionLine version={plan.current} />. Fingerprint{' '}
        <span className="rt-fingerprint">{shortHash(plan.current.hash)}</span>
        <span className="govuk-visually-hidden"> (the first 12 characters of its SHA-256)</span>.
      </p>
      {editing ? (
        <PlanEditor
          childId={childId}
          plan={plan}
          meetingId={meetingId}
          onSaved={(next) => {
            keep(next);
            setSavedVersion(next.current.version);
            returnFocus.current = true;
            setEditing(false);
          }}
          onNewerVersion={keep}
          onCancel={() => {
            returnFocus.current = true;
            setEditing(false);
          }}
        />
      ) : (
        <>
          <PlanContentView content={plan.current.content} level={4} />
          {canEdit && (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              ref={editButton}
              onClick={() => {
                setSavedVersion(null);
                setEditing(true);
              }}
            >
              Change the plan<span className="govuk-visually-hidden"> ({title})</span>
            </button>
          )}
        </>
      )}
      <PlanVersions childId={childId} currentVersion={plan.current.version} />
    </section>
  );
}
