import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  CloseDecisionRequestSchema,
  ICPC_PLAN_TEMPLATE,
  OpenDecisionRequestSchema,
  RecordLaDecisionRequestSchema,
  RecordViewRequestSchema,
} from '@roundtable/shared/decisions';
import { ConcludeMeetingRequestSchema } from '@roundtable/shared/lifecycle';
import {
  type MeetingType,
  type PlanContent,
  type PlanContentInput,
  RecordConferenceOutcomeRequestSchema,
  SetLcppRequestSchema,
  StartPartRequestSchema,
  SubmitReportRequestSchema,
  UpdatePlanRequestSchema,
} from '@roundtable/shared/pathway';
import { InviteFamilyMemberRequestSchema } from '@roundtable/shared/family';
import { documentName } from '@roundtable/shared/realtime';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { toAuthenticatedUser } from '../identity';
import {
  AgencyReportsService,
  AttendanceService,
  ChildIdentityService,
  ConferenceOutcomesService,
  DecisionsService,
  FamilyMembersService,
  LifecycleService,
  MeetingPartsService,
  MeetingsService,
  PlansService,
} from '../meeting';
import type { AuthenticatedUser } from '../platform';
import { DEMO_ACCOUNTS, DEMO_MEETING, DEMO_STORY } from './demo-data';
import { buildDocumentUpdate } from './demo-document';
import { DEMO_PATHWAY, type DemoConvenedMeeting, type DemoPlan, type DemoPlanAction } from './demo-pathway-data';
import { DemoRepository } from './demo.repository';

/** A change's request: a fresh id, so each is applied once. */
const request = (meetingId: string) => ({ requestId: randomUUID(), meetingId });

const withId = (action: DemoPlanAction): PlanContent['outcomes'][number]['actions'][number] => ({
  id: randomUUID(),
  progress: '',
  ...action,
});

/** The outline as the plan holds it: each outcome and action with its own id. */
const outlineWithIds = (plan: DemoPlan): PlanContentInput => ({
  ...plan,
  outcomes: plan.outcomes.map((outcome) => ({
    id: randomUUID(),
    text: outcome.text,
    actions: outcome.actions.map(withId),
  })),
});

type Who = (email: string) => AuthenticatedUser;

/**
 * Tells Ruby's and Alfie's pathway after the concluded strategy discussion
 * (DEMO_PATHWAY), through the same services people use, so every rule,
 * clock and audit entry applies: the LCPP named; the initial child
 * protection conference convened from the discussion by an independent
 * chair, with agency reports, a part without the parents, agency views, the
 * chair's decision and each child's outcome (categories, core group, the
 * outline plan), concluded and sealed; the first core group, chaired by the
 * LCPP, changing each plan, concluded and sealed; the review conference
 * convened and scheduled. Runs once, after the story: a restart finds the
 * review conference.
 */
@Injectable()
export class DemoPathwayService {
  private readonly logger = new Logger(DemoPathwayService.name);

  constructor(
    private readonly demo: DemoRepository,
    private readonly meetings: MeetingsService,
    private readonly lifecycle: LifecycleService,
    private readonly decisions: DecisionsService,
    private readonly attendance: AttendanceService,
    private readonly childIdentity: ChildIdentityService,
    private readonly reports: AgencyReportsService,
    private readonly parts: MeetingPartsService,
    private readonly outcomes: ConferenceOutcomesService,
    private readonly plans: PlansService,
    private readonly familyMembers: FamilyMembersService,
  ) {}

  /** Tells the pathway once the story is told, unless it was; says so when a previous run stopped half way. */
  async tellOnce(): Promise<void> {
    // The conference follows the story's discussion; the story says itself when it stopped half way.
    if ((await this.demo.meetingStatus(DEMO_STORY.meeting.reference)) !== 'concluded') return;
    if (await this.demo.meetingExists(DEMO_PATHWAY.reviewConference.meeting.reference)) return;
    if (await this.demo.meetingExists(DEMO_PATHWAY.icpc.meeting.reference)) {
      this.logger.warn(
        { reference: DEMO_PATHWAY.icpc.meeting.reference },
        'the demo pathway stopped half way on an earlier start; remove the demo database to tell it again',
      );
      return;
    }
    const accounts = await this.demo.findAccounts(DEMO_ACCOUNTS.map((a) => a.email));
    // A demo database seeded before the pathway has neither the conference chair nor the LCPP's permission to chair.
    const chairs = [DEMO_PATHWAY.conferenceChair, DEMO_PATHWAY.lcpp];
    if (!chairs.every((email) => accounts.some((u) => u.email === email && u.canChair))) {
      this.logger.warn('the demo database was seeded before the demo pathway existed; remove it to seed the pathway');
      return;
    }
    const people = new Map(accounts.map((u) => [u.email, toAuthenticatedUser(u)]));
    const who: Who = (email) => {
      const person = people.get(email);
      if (!person) throw new Error(`demo account ${email} is missing`);
      return person;
    };
    await this.tell(who);
    this.logger.log(
      { reference: DEMO_PATHWAY.reviewConference.meeting.reference },
      'demo pathway told: conference, plans, core group, review conference scheduled',
    );
  }

  private async tell(who: Who): Promise<void> {
    const caseSystemIds = DEMO_MEETING.children.map((c) => c.caseSystemId);
    const childIds = await this.demo.findChildIdsByCaseSystemId(caseSystemIds);
    const childId = (caseSystemId: string) => childIds[caseSystemIds.indexOf(caseSystemId)]!;
    const discussionId = await this.demo.meetingId(DEMO_STORY.meeting.reference);
    if (!discussionId) throw new Error('the demo story’s discussion is missing');

    // The chair of the discussion, the LCPP's team manager, names the LCPP (DOMAIN-PATHWAY §6).
    const manager = who(DEMO_PATHWAY.teamManager);
    const lcpp = who(DEMO_PATHWAY.lcpp);
    for (const id of childIds) {
      await this.childIdentity.setLcpp(id, manager, SetLcppRequestSchema.parse({ userId: lcpp.id }));
    }
    // The conference is convened from the discussion: its chair reads it (a member, read only).
    const chair = who(DEMO_PATHWAY.conferenceChair);
    if (!(await this.demo.isMember(discussionId, chair.id))) {
      await this.meetings.addMember(discussionId, manager, { email: chair.email, role: 'observer' });
    }

    const icpc = await this.convene(chair, 'icpc', DEMO_PATHWAY.icpc, discussionId, childIds);
    // A parent invited to take part: their sign-in codes appear in the administrator's mail outbox.
    await this.familyMembers.invite(icpc.id, chair, InviteFamilyMemberRequestSchema.parse(DEMO_PATHWAY.icpc.family));
    for (const { by, ...report } of DEMO_PATHWAY.icpc.reports) {
      await this.reports.submit(icpc.id, who(by), SubmitReportRequestSchema.parse(report));
    }
    await this.hold(icpc, chair, DEMO_PATHWAY.icpc, who, async () => {
      const part = await this.parts.start(
        icpc.id,
        chair,
        StartPartRequestSchema.parse({ reason: DEMO_PATHWAY.icpc.partWithoutParents }),
      );
      await this.parts.end(icpc.id, part.id, chair);
      await this.decidePlans(icpc, chair, who);
      for (const outcome of DEMO_PATHWAY.icpc.outcomes) {
        await this.outcomes.record(
          icpc.id,
          childId(outcome.caseSystemId),
          chair,
          RecordConferenceOutcomeRequestSchema.parse({
            outcome: 'child-protection-plan',
            categories: outcome.categories,
            leadProfessionalUserId: lcpp.id,
            coreGroupUserIds: outcome.coreGroup.map((email) => who(email).id),
            outline: outlineWithIds(outcome.outline),
            reasons: outcome.reasons,
          }),
        );
      }
    });

    // The first core group, chaired by the LCPP, changes each plan (a new version, reviewed at its conclusion).
    const coreGroup = await this.convene(lcpp, 'core-group', DEMO_PATHWAY.coreGroup, icpc.id, childIds);
    await this.hold(coreGroup, lcpp, DEMO_PATHWAY.coreGroup, who, async () => {
      for (const change of DEMO_PATHWAY.coreGroup.planChanges) {
        const editor = who(change.by);
        const id = childId(change.caseSystemId);
        const { current } = await this.plans.getPlan(id, editor);
        const content: PlanContent = structuredClone(current.content);
        for (const progress of change.progress) {
          content.outcomes[progress.outcome]!.actions[progress.action]!.progress = progress.text;
        }
        for (const added of change.newActions) content.outcomes[added.outcome]!.actions.push(withId(added.action));
        await this.plans.updatePlan(
          id,
          editor,
          UpdatePlanRequestSchema.parse({ baseVersion: current.version, meetingId: coreGroup.id, content }),
        );
      }
    });

    // Scheduled, not started: the first review, within 3 months of the conference.
    await this.convene(chair, 'review-conference', DEMO_PATHWAY.reviewConference, icpc.id, childIds);
  }

  /** Convenes a meeting of the pathway after `precededByMeetingId` and invites its members. */
  private async convene(
    convener: AuthenticatedUser,
    type: MeetingType,
    details: DemoConvenedMeeting,
    precededByMeetingId: string,
    childIds: readonly string[],
  ): Promise<MeetingDetail> {
    const meeting = await this.meetings.create(convener, {
      ...details.meeting,
      type,
      precededByMeetingId,
      children: childIds.map((childId) => ({ childId })),
    });
    for (const member of details.members) {
      await this.meetings.addMember(meeting.id, convener, { email: member.email, role: member.role });
    }
    return meeting;
  }

  /** The record's text, the attendees joining, the start, what happens in the meeting, and the conclusion (which seals it). */
  private async hold(
    meeting: MeetingDetail,
    chair: AuthenticatedUser,
    details: DemoConvenedMeeting & { record: Record<string, string[]>; attendees: string[] },
    who: Who,
    business: () => Promise<void>,
  ): Promise<void> {
    // The text as the minute taker typed it, before anything reads the document.
    const minuteTaker = details.members.find((m) => m.role === 'minute-taker');
    await this.demo.appendDocumentUpdate(
      documentName(meeting.id, 'record'),
      buildDocumentUpdate(details.record),
      minuteTaker ? who(minuteTaker.email).id : chair.id,
    );
    const connections = details.attendees.map((email) => ({
      key: `demo-pathway:${meeting.reference}:${email}`,
      user: who(email),
    }));
    for (const c of connections) await this.attendance.joined(c.key, meeting.id, c.user.id);
    await this.lifecycle.start(meeting.id, chair);
    await business();
    await this.lifecycle.conclude(meeting.id, chair, ConcludeMeetingRequestSchema.parse({}));
    for (const c of connections) await this.attendance.left(c.key);
  }

  /** The conference's plan decision for both children: each agency's recommendation, then the chair's decision. */
  private async decidePlans(icpc: MeetingDetail, chair: AuthenticatedUser, who: Who): Promise<void> {
    const opened = await this.decisions.open(
      chair,
      OpenDecisionRequestSchema.parse({
        ...request(icpc.id),
        childIds: icpc.children.map((child) => child.id),
        templateKey: ICPC_PLAN_TEMPLATE.key,
      }),
    );
    const decisionId = opened.data.id;
    for (const { by, ...view } of DEMO_PATHWAY.icpc.views) {
      await this.decisions.recordView(
        who(by),
        RecordViewRequestSchema.parse({ ...request(icpc.id), decisionId, ...view }),
      );
    }
    await this.decisions.close(chair, CloseDecisionRequestSchema.parse({ ...request(icpc.id), decisionId }));
    await this.decisions.recordLaDecision(
      chair,
      RecordLaDecisionRequestSchema.parse({ ...request(icpc.id), decisionId, ...DEMO_PATHWAY.icpc.decision }),
    );
  }
}
