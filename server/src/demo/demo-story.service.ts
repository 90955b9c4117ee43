import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CreateActionRequestSchema } from '@roundtable/shared/actions';
import {
  AddEscalationStepRequestSchema,
  CloseDecisionRequestSchema,
  OpenDecisionRequestSchema,
  RecordDissentRequestSchema,
  RecordLaDecisionRequestSchema,
  RecordViewRequestSchema,
} from '@roundtable/shared/decisions';
import { ConcludeMeetingRequestSchema } from '@roundtable/shared/lifecycle';
import { type FamilyFacingItem, SetFamilyFacingRequestSchema } from '@roundtable/shared/need-to-know';
import { documentName } from '@roundtable/shared/realtime';
import { toAuthenticatedUser } from '../identity';
import {
  ActionsService,
  AttendanceService,
  DecisionsService,
  FamilyFacingService,
  LifecycleService,
  MeetingsService,
  SafetyPlanScoresService,
} from '../meeting';
import type { AuthenticatedUser } from '../platform';
import { DEMO_ACCOUNTS, DEMO_MEETING, DEMO_STORY } from './demo-data';
import { buildDocumentUpdate } from './demo-document';
import { DemoRepository } from './demo.repository';

/** A change's request: a fresh id, so each is applied once. */
const request = (meetingId: string) => ({ requestId: randomUUID(), meetingId });

/**
 * Tells the DOMAIN.md §9 story in a concluded strategy discussion, through
 * the same services people use (so every rule and audit entry applies): the
 * meeting and its members, the record and safety plan text, agency views,
 * the local authority's decision, police dissent from relying on a voluntary
 * safety plan with its escalation, the actions, the scores, and the
 * conclusion, which seals the record. Runs once: a restart finds the meeting.
 */
@Injectable()
export class DemoStoryService {
  private readonly logger = new Logger(DemoStoryService.name);

  constructor(
    private readonly demo: DemoRepository,
    private readonly meetings: MeetingsService,
    private readonly lifecycle: LifecycleService,
    private readonly decisions: DecisionsService,
    private readonly actions: ActionsService,
    private readonly scores: SafetyPlanScoresService,
    private readonly attendance: AttendanceService,
    private readonly familyFacing: FamilyFacingService,
  ) {}

  /** Tells the story unless its meeting exists; says so when a previous run stopped half way. */
  async tellOnce(): Promise<void> {
    const status = await this.demo.meetingStatus(DEMO_STORY.meeting.reference);
    if (status === 'concluded') return;
    if (status !== null) {
      this.logger.warn(
        { reference: DEMO_STORY.meeting.reference, status },
        'the demo story stopped half way on an earlier start; remove the demo database to tell it again',
      );
      return;
    }
    const people = new Map(
      (await this.demo.findAccounts(DEMO_ACCOUNTS.map((a) => a.email))).map((u) => [u.email, toAuthenticatedUser(u)]),
    );
    const who = (email: string): AuthenticatedUser => {
      const person = people.get(email);
      if (!person) throw new Error(`demo account ${email} is missing`);
      return person;
    };
    await this.tell(who);
    this.logger.log({ reference: DEMO_STORY.meeting.reference }, 'demo story told: a concluded, sealed discussion');
  }

  private async tell(who: (email: string) => AuthenticatedUser): Promise<void> {
    const chair = who(DEMO_ACCOUNTS[0]!.email);
    // The same children as SD-DEMO-001: named by their records, never recorded twice.
    const children = (await this.demo.findChildIdsByCaseSystemId(DEMO_MEETING.children.map((c) => c.caseSystemId))).map(
      (childId) => ({ childId }),
    );
    const meeting = await this.meetings.create(chair, { ...DEMO_STORY.meeting, children });
    const meetingId = meeting.id;
    for (const account of DEMO_ACCOUNTS.slice(1)) {
      if (account.role) await this.meetings.addMember(meetingId, chair, { email: account.email, role: account.role });
    }
    // The text as the minute taker and participants typed it, before anything reads the documents.
    const minuteTaker = who('jo.notetaker@example.org');
    await this.demo.appendDocumentUpdate(
      documentName(meetingId, 'record'),
      buildDocumentUpdate(DEMO_STORY.record),
      minuteTaker.id,
    );
    await this.demo.appendDocumentUpdate(
      documentName(meetingId, 'safety-plan'),
      buildDocumentUpdate(DEMO_STORY.safetyPlan),
      who('alex.example@example.org').id,
    );
    const connections = DEMO_STORY.attendees.map((email) => ({ key: `demo-story:${email}`, user: who(email) }));
    for (const c of connections) await this.attendance.joined(c.key, meetingId, c.user.id);
    await this.lifecycle.start(meetingId, chair);

    // Every input is parsed with the schema the socket.io gateway uses: what the demo sends, a client could.
    const opened = await this.decisions.open(
      chair,
      OpenDecisionRequestSchema.parse({ ...request(meetingId), childIds: meeting.children.map((child) => child.id) }),
    );
    const decisionId = opened.data.id;
    for (const { by, ...view } of DEMO_STORY.views) {
      await this.decisions.recordView(
        who(by),
        RecordViewRequestSchema.parse({ ...request(meetingId), decisionId, ...view }),
      );
    }
    await this.decisions.close(chair, CloseDecisionRequestSchema.parse({ ...request(meetingId), decisionId }));
    await this.decisions.recordLaDecision(
      chair,
      RecordLaDecisionRequestSchema.parse({ ...request(meetingId), decisionId, ...DEMO_STORY.laDecision }),
    );
    const { by, escalationNote, ...dissent } = DEMO_STORY.dissent;
    const dissented = await this.decisions.recordDissent(
      who(by),
      RecordDissentRequestSchema.parse({ ...request(meetingId), decisionId, ...dissent }),
    );
    const dissentId = dissented.data.dissents.at(-1)!.id;
    await this.decisions.addEscalationStep(
      who(by),
      AddEscalationStepRequestSchema.parse({
        ...request(meetingId),
        dissentId,
        stage: 'practitioner',
        note: escalationNote,
      }),
    );

    const forFamily: FamilyFacingItem[] = DEMO_STORY.familyFacing.sections.map((id) => ({ type: 'section', id }));
    if (DEMO_STORY.familyFacing.decisionReasons) forFamily.push({ type: 'decision-reasons', id: decisionId });
    for (const action of DEMO_STORY.actions) {
      const owner = who(action.owner);
      const created = await this.actions.create(
        chair,
        CreateActionRequestSchema.parse({
          ...request(meetingId),
          description: action.description,
          ownerUserId: owner.id,
          ownerAgency: owner.agency,
          dueAt: action.dueAt,
        }),
      );
      if ('familyFacing' in action && action.familyFacing) forFamily.push({ type: 'action', id: created.data.id });
    }
    // The family version holds only what the chair marks (docs/SEALED-RECORDS.md "The family version").
    for (const item of forFamily) {
      await this.familyFacing.set(
        chair,
        SetFamilyFacingRequestSchema.parse({ ...request(meetingId), item, familyFacing: true }),
      );
    }
    for (const score of DEMO_STORY.scores) {
      await this.scores.record(who(score.by), meetingId, { score: score.score, note: score.note ?? null });
    }

    // Concluding seals the record (a version per reader and the family version, HTML and PDF) before it returns.
    await this.lifecycle.conclude(meetingId, chair, ConcludeMeetingRequestSchema.parse({}));
    for (const c of connections) await this.attendance.left(c.key);
  }
}
