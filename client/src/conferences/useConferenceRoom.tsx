import {
  isConference,
  PLAN_MEETING_TYPES,
  type ConferenceOutcomeResponse,
  type MeetingPart,
} from '@roundtable/shared/pathway';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { api } from '../api';
import type { RoomTab } from '../room/RoomTabs';
import { PartBanner } from './PartBanner';
import { useApiResource } from './useApiResource';
import { useChildPlans } from './useChildPlans';

const panels = () => import('./conferencePanels');
const ReportsPanel = lazy(() => panels().then((m) => ({ default: m.ReportsPanel })));
const OutcomesPanel = lazy(() => panels().then((m) => ({ default: m.OutcomesPanel })));
const ConferencePlansPanel = lazy(() => panels().then((m) => ({ default: m.ConferencePlansPanel })));
const PartsPanel = lazy(() => panels().then((m) => ({ default: m.PartsPanel })));

function Loading({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="govuk-body" role="status">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

/** Adds or replaces one item of a list by id. */
function upsert<T extends { id: string }>(list: readonly T[] | undefined, item: T): T[] {
  return [...(list ?? []).filter((x) => x.id !== item.id), item];
}

/**
 * The room's tabs for a conference or core group (DOMAIN-PATHWAY §1–§4):
 * reports, the decision for each child and the parts held without the
 * parents at a conference; each child's plan at every plan meeting. None for
 * a strategy discussion. Also the banner shown while the parents are out of
 * the room. Nothing here is live: each change reads back what it changed, and
 * the parts are read again when the window regains focus, so other members
 * see the banner without a live event.
 */
export function useConferenceRoom(meeting: MeetingDetail, me: UserResponse) {
  const conference = isConference(meeting.type);
  const planMeeting = PLAN_MEETING_TYPES.includes(meeting.type);
  const outcomes = useApiResource(conference ? `outcomes:${meeting.id}` : null, () =>
    api.conferences.outcomes.list(meeting.id),
  );
  const parts = useApiResource(conference ? `parts:${meeting.id}` : null, () => api.conferences.parts.list(meeting.id));
  const plans = useChildPlans(
    meeting.children.map((child) => child.childId),
    planMeeting,
  );

  const reloadParts = parts.reload;
  useEffect(() => {
    if (!conference) return;
    const onFocus = () => void reloadParts();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [conference, reloadParts]);

  const recorded = (outcome: ConferenceOutcomeResponse) => {
    outcomes.setData((previous) => ({ outcomes: upsert(previous?.outcomes, outcome) }));
    void outcomes.reload();
    // A "Child protection plan" decision starts the child's plan; the others end it or leave it as it was.
    void plans.reload();
  };
  const partChanged = (part: MeetingPart) => {
    parts.setData((previous) => ({ parts: upsert(previous?.parts, part) }));
    void parts.reload();
  };

  const tabs: RoomTab[] = [];
  if (conference) {
    tabs.push(
      {
        key: 'reports',
        label: 'Reports',
        content: (
          <Loading>
            <ReportsPanel meeting={meeting} me={me} />
          </Loading>
        ),
      },
      {
        key: 'child-decisions',
        label: 'Decision for each child',
        content: (
          <Loading>
            <OutcomesPanel
              meeting={meeting}
              outcomes={outcomes.data?.outcomes ?? null}
              problem={outcomes.problem}
              plans={plans.data}
              onRecorded={recorded}
            />
          </Loading>
        ),
      },
    );
  }
  if (planMeeting) {
    tabs.push({
      key: 'child-plans',
      label: 'Child protection plan',
      content: (
        <Loading>
          <ConferencePlansPanel
            meeting={meeting}
            plans={plans.data}
            problem={plans.problem}
            outcomes={outcomes.data?.outcomes ?? null}
            onPlanChange={plans.keep}
          />
        </Loading>
      ),
    });
  }
  if (conference) {
    tabs.push({
      key: 'without-parents',
      label: 'Held without the parents',
      content: (
        <Loading>
          <PartsPanel
            meeting={meeting}
            parts={parts.data?.parts ?? null}
            problem={parts.problem}
            onChanged={partChanged}
          />
        </Loading>
      ),
    });
  }

  const openPart = parts.data?.parts.find((part) => part.endedAt === null);
  const banner = conference && meeting.status === 'live' && openPart ? <PartBanner part={openPart} /> : null;
  return { tabs, banner };
}
