import { canEditDocument } from '@roundtable/shared/permissions';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import type { SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { templateFor } from '@roundtable/shared/templates';
import { Fragment, type ReactNode } from 'react';
import { api } from '../api';
import { useCollabSession } from '../collab/useCollabSession';
import { ConnectionStatus } from '../room/ConnectionStatus';
import { RecordSection, type CaretUser } from '../room/RecordSection';
import { useUnsavedChangesWarning } from '../room/useUnsavedChangesWarning';
import { SafetyScores } from './SafetyScores';

interface SafetyPlanProps {
  meeting: MeetingDetail;
  me: UserResponse;
  caretUser: CaretUser;
  /** Fetches the meeting again; resolves to the fresh detail, or null if access is gone. */
  reload: () => Promise<MeetingDetail | null>;
  /** The scores, live from the `/meetings` channel (null until joined). */
  scores: SafetyPlanScoresResponse | null;
  /** Our own score as the server answered it. */
  onScoresRecorded: (scores: SafetyPlanScoresResponse) => void;
  /** Shown under each section (restricted information moved out of it). */
  afterSection?: (sectionKey: string) => ReactNode;
}

/**
 * The Signs of Safety safety plan (DOMAIN.md §5): the meeting's second live
 * document (`meetings/<id>/safety-plan`), one editor per section of the
 * meeting's own safety plan template, and each agency's scaling score.
 *
 * Test hooks: `#safety-plan`, `[data-document=safety-plan] [data-section=<key>] .ProseMirror`,
 * `#safety-plan-connection[data-state]`.
 */
export function SafetyPlan({
  meeting,
  me,
  caretUser,
  reload,
  scores,
  onScoresRecorded,
  afterSection,
}: SafetyPlanProps) {
  // Read-only for everyone once the discussion has concluded (the server refuses writes too).
  const editable = canEditDocument(meeting.myRole, meeting.status);
  const { session, connection, reconnect } = useCollabSession(
    meeting.id,
    editable,
    {
      onClosed: (code) => {
        if (code === CLOSE_CODES.sessionEnded) api.auth.me().catch(() => undefined);
        else if (code === CLOSE_CODES.accessRevoked) void reload().then((detail) => detail && reconnect());
      },
      onRefused: () => void reload(),
      onPermissionDenied: () => void reload(),
    },
    'safety-plan',
  );
  useUnsavedChangesWarning(
    connection.hasUnsavedChanges && (connection.state === 'offline' || connection.state === 'closed'),
  );
  const { sections } = templateFor(meeting.templates, 'safety-plan');

  return (
    <section aria-labelledby="safety-plan-heading" id="safety-plan" className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-m" id="safety-plan-heading">
        Safety plan
      </h2>
      <p className="govuk-body">
        Written with everyone in the discussion. Flag anything the family must not see before the plan is shared with
        them.
      </p>
      <ConnectionStatus connection={connection} id="safety-plan-connection" announce={false} />
      <div data-document="safety-plan">
        {session ? (
          sections.map((section) => (
            <Fragment key={section.key}>
              <RecordSection
                section={section}
                idPrefix="safety-plan"
                doc={session.doc}
                provider={session.provider}
                editable={editable}
                caretUser={caretUser}
              />
              {afterSection?.(section.key)}
            </Fragment>
          ))
        ) : (
          <p className="govuk-body">Opening the safety plan…</p>
        )}
      </div>
      <SafetyScores meeting={meeting} me={me} scores={scores} onRecorded={onScoresRecorded} />
    </section>
  );
}
