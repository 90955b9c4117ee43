import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChildRecord, ChildSearchQuery, ChildSearchResponse } from '@roundtable/shared/pathway';
import type { DataSource } from 'typeorm';
import { type AuthenticatedUser, DomainError } from '../../platform';
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
    return {
      child: { ...toChildRef(child), nhsNumber: child.nhsNumber },
      scope,
      lcpp,
      stage: summary.stage,
      household,
      siblings: siblings.map(toChildRef),
      agencies,
      meetings,
      plan: planVisible ? summary.plan : null,
      // The pathway's clocks run from plan meetings: shown with the plan.
      clocks: planVisible ? summary.clocks : [],
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
