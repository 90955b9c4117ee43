import {
  type NotificationPreferences,
  NotificationPreferencesSchema,
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
  type ReminderKind,
} from '@roundtable/shared/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ProblemSummary, SuccessBanner } from '../layout/Banners';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

const OPTIONS = REMINDER_KINDS.map((kind) => ({ value: kind, text: REMINDER_KIND_LABELS[kind] }));

/** Which reminder kinds the user also receives by email (in the app they always arrive). */
export function NotificationPreferencesPage() {
  usePageTitle('Email preferences');
  const [emailKinds, setEmailKinds] = useState<ReminderKind[] | null>(null);
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api.notifications.preferences().then(
      (p) => setEmailKinds(p.emailKinds),
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!emailKinds) return;
    setSaved(false);
    setProblem(undefined);
    const parsed = NotificationPreferencesSchema.safeParse({ emailKinds });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Check your choices');
      return;
    }
    setSaving(true);
    try {
      const result: NotificationPreferences = await api.notifications.setPreferences(parsed.data);
      setEmailKinds(result.emailKinds);
      setSaved(true);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Link className="govuk-back-link" to="/notifications">
        Back to notifications
      </Link>
      {saved && <SuccessBanner id="preferences-saved">Your email preferences are saved</SuccessBanner>}
      {problem && <ProblemSummary problem={problem} testId="preferences-problem" />}
      <PageHeading>Email preferences</PageHeading>
      {emailKinds === null ? (
        !problem && (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )
      ) : (
        <form onSubmit={(event) => void save(event)} noValidate>
          <CheckboxesField
            id="emailKinds"
            legend="Which reminders do you also want by email?"
            legendClass="govuk-fieldset__legend--m"
            hint="You always see every reminder here, under Notifications. Emails name the meeting by its reference only, never a child or what was recorded."
            values={emailKinds}
            options={OPTIONS}
            onChange={(values) => {
              setSaved(false);
              setEmailKinds(values);
            }}
          />
          <button type="submit" className="govuk-button" disabled={saving} aria-disabled={saving || undefined}>
            Save preferences
          </button>
        </form>
      )}
    </>
  );
}
