import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ChildProtectionPlan,
  type ChildRecord,
  type ChildSearchQuery,
  type ChildSearchResponse,
  MEETING_TYPE_LABELS,
  type PathwayClock,
  type PathwayMeeting,
} from '@roundtable/shared/pathway';
import type { DataSource } from 'typeorm';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { aMeetingOfType } from '../conferences/meeting-types.service';
import { ChildPathwayService } from '../plans/child-pathway.service';
import { CHILD_NOT_FOUND, childRecordScope } from './child-access';
import { toChildRef } from './children.mapper';
import { ChildrenRepository } from './children.repository';
import { buildChronology, type ChronologySources } from './chronology';
import { ChronologyRepository } from './chronology.repository';

/** The plan's part of the sources, left out for a reader who may not see the plan. */
const withoutPlan = (sources: ChronologySources): ChronologySources => ({
  ...sources,
  plans: [],
  planVersions: [],
  planReviews: [],
});

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * The plan and clocks as a reader limited to their own meetings may see them:
 * a meeting they do not belong to is named by its type, never its reference
 * ("15 working days after a strategy discussion"), so the page says nothing
 * of meetings outside their need-to-know beyond that they happened.
 */
export function withoutOtherMeetings(
  plan: ChildProtectionPlan | null,
  clocks: PathwayClock[],
  others: readonly PathwayMeeting[],
): { plan: ChildProtectionPlan | null; clocks: PathwayClock[] } {
  if (others.length === 0) return { plan, clocks };
  const byId = new Map(others.map((m) => [m.id, m]));
  const name = (m: PathwayMeeting) => aMeetingOfType(MEETING_TYPE_LABELS[m.type]);
  const ref = <T extends { id: string; reference: string }>(link: T): T => {
    const other = byId.get(link.id);
    return other ? { ...link, reference: MEETING_TYPE_LABELS[other.type] } : link;
  };
  // "… after an initial child protection conference", and "An initial …" where a sentence starts with it.
  const redactText = (text: string) =>
    others.reduce(
      (t, m) =>
        t
          .split(m.reference)
          .reduce((out, part) => `${out}${/(^|[.!?]\s*)$/.test(out) ? capitalise(name(m)) : name(m)}${part}`),
      text,
    );
  return {
    plan: plan && {
      ...plan,
      startedByMeeting: ref(plan.startedByMeeting),
      endedByMeeting: plan.endedByMeeting && ref(plan.endedByMeeting),
      current: { ...plan.current, meeting: plan.current.meeting && ref(plan.current.meeting) },
    },
    clocks: clocks.map((clock) => ({ ...clock, basis: redactText(clock.basis) })),
  };
}

/**
 * A child's page (GET /api/children/:id): identity, household, siblings,
 * the meetings about them, their stage, plan and clocks, and the chronology,
 * as much of it as the reader may know (childRecordScope). A reader with
 * scope 'own-meetings' gets everything cut to the meetings they belong to;
 * the plan and the pathway clocks only when one of those is a plan meeting.
 */
@Injectable()
export class ChildPageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly children: ChildrenRepository,
    private readonly chronology: ChronologyRepository,
    private readonly pathway: ChildPathwayService,
  ) {}

  /** The child's record as the reader may see it; NotFound for a child they may not know of, as for none. */
  async get(childId: string, reader: AuthenticatedUser): Promise<ChildRecord> {
    const tx = this.dataSource.manager;
    const facts = await this.children.findReaderFacts(tx, childId, reader.id);
    const scope = facts ? childRecordScope(facts) : null;
    if (!facts || !scope) throw new DomainError('NotFound', CHILD_NOT_FOUND);
    const { child } = facts;
    const ownMeetingsOnly = scope === 'own-meetings';
    const planVisible = !ownMeetingsOnly || facts.memberOfAPlanMeeting;
    const view = { childId, readerId: reader.id, ownMeetingsOnly };
    const [summary, meetings, sources, household, siblings, agencies, lcpp] = await Promise.all([
      this.pathway.summary(childId),
      this.chronology.findMeetings(tx, view),
      this.chronology.findSources(tx, view),
      this.children.findHousehold(tx, child.householdId),
      this.children.findSiblings(tx, child, ownMeetingsOnly ? reader.id : null),
      this.children.findAgencies(tx, childId, ownMeetingsOnly ? reader.id : null),
      child.lcppUserId ? this.children.findPerson(tx, child.lcppUserId) : null,
    ]);
    const allMeetings = ownMeetingsOnly
      ? await this.chronology.findMeetings(tx, { ...view, ownMeetingsOnly: false })
      : [];
    const others = allMeetings.filter((m) => !meetings.some((own) => own.id === m.id));
    const visible = planVisible
      ? withoutOtherMeetings(summary.plan, summary.clocks, others)
      : { plan: null, clocks: [] };
    return {
      child: { ...toChildRef(child), nhsNumber: child.nhsNumber },
      scope,
      lcpp,
      stage: summary.stage,
      household,
      siblings: siblings.map(toChildRef),
      agencies,
      meetings,
      plan: visible.plan,
      // The pathway's clocks run from plan meetings: shown with the plan.
      clocks: visible.clocks,
      chronology: buildChronology(childId, planVisible ? sources : withoutPlan(sources), {
        userId: reader.id,
        agency: reader.agency,
      }),
    };
  }

  /** Children holding an identifier whom the caller may know of (for naming an existing child). */
  async search(reader: AuthenticatedUser, query: ChildSearchQuery): Promise<ChildSearchResponse> {
    const found = await this.children.findKnownByIdentifier(this.dataSource.manager, reader.id, query);
    return { children: found.map(toChildRef) };
  }
}
