import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChildProtectionPlan, PlanVersion, UpdatePlanRequestSchema } from '@roundtable/shared/pathway';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { auditActor, AuditService, canonicalJson } from '../../audit';
import { PeopleRepository } from '../../identity';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { canChangePlan, canReadPlan, meetingsToChangePlanIn, planMeetingsAsSeenBy } from './plan-access';
import { planVersionHash } from './plan-hash';
import { peopleOfPlan, toChildProtectionPlan, toPlanVersion } from './plan.mapper';
import { type PlanAccessFacts, type PlanRow, PlansRepository } from './plans.repository';

export type UpdatePlanInput = z.output<typeof UpdatePlanRequestSchema>;

/** The same words whether the child has no plan, does not exist, or the reader may not know of it (need-to-know). */
export const PLAN_NOT_FOUND = 'No child protection plan was found for this child';
const READ_ONLY =
  'You can read this plan but not change it: the lead professional, the LCPP, the core group and those taking part (not observing) in a core group or conference about the child that has not concluded can';
const NOT_A_PLAN_MEETING =
  'Choose a core group or conference about this child that has not concluded and in which you take part (not as an observer)';

/**
 * The child protection plan as one living document per child (DOMAIN-PATHWAY
 * §4, §9.1 item 7): read by the people of its meetings, changed by its
 * people, every change a new attributed version whose hash goes to the trail.
 * Optimistic concurrency: a change made from an older version is refused
 * with the current one, so nothing is lost silently.
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansRepository,
    private readonly people: PeopleRepository,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
  ) {}

  /** The child's current plan (active, or the last one ended) with its current version. */
  async getPlan(childId: string, reader: AuthenticatedUser): Promise<ChildProtectionPlan> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const { plan, access } = await this.readablePlan(tx, childId, reader);
      return this.toResponse(tx, plan, access);
    });
  }

  /** Every version of the child's current plan, oldest first. */
  async listVersions(childId: string, reader: AuthenticatedUser): Promise<PlanVersion[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const { plan, access } = await this.readablePlan(tx, childId, reader);
      const versions = await this.plans.findVersions(tx, [plan.id], false);
      const people = await this.people.load(
        tx,
        versions.map((v) => v.changedBy),
      );
      const seen = planMeetingsAsSeenBy(access);
      return versions.map((v) => seen.version(toPlanVersion(v, people)));
    });
  }

  /**
   * A new version of the plan, from `baseVersion`. StaleVersion (with the
   * plan as it is now) when someone changed it since; PlanEnded once ended.
   * The same content as the current version changes nothing.
   */
  async updatePlan(childId: string, editor: AuthenticatedUser, input: UpdatePlanInput): Promise<ChildProtectionPlan> {
    return this.dataSource.transaction(async (tx) => {
      const plan = await this.plans.lockLatestPlan(tx, childId);
      // A change made in a meeting holds its row: a conclusion waits for it, then reviews the version it made.
      if (input.meetingId) await this.locks.shareLockRole(tx, input.meetingId, editor.id);
      const access = await this.plans.findAccessFacts(tx, childId, editor.id);
      if (!plan || !access || !canReadPlan(access)) throw new DomainError('NotFound', PLAN_NOT_FOUND);
      if (!canChangePlan(access)) throw new DomainError('Forbidden', READ_ONLY);
      if (plan.status === 'ended') {
        throw new DomainError(
          'PlanEnded',
          `This plan ended${plan.endedByMeeting ? ` at ${plan.endedByMeeting.reference}` : ''}: it is kept as it was and can no longer be changed`,
        );
      }
      if (input.meetingId && !meetingsToChangePlanIn(access).includes(input.meetingId)) {
        throw new DomainError('ValidationFailed', NOT_A_PLAN_MEETING, [
          { path: 'meetingId', message: NOT_A_PLAN_MEETING },
        ]);
      }
      const [current] = await this.plans.findVersions(tx, [plan.id], true);
      if (!current) throw new Error(`plan ${plan.id} has no version`);
      if (input.baseVersion !== current.version) {
        throw new DomainError(
          'StaleVersion',
          `The plan changed while you were editing it: it is now at version ${current.version} (you started from version ${input.baseVersion}). Add your changes to the current version and save again`,
          undefined,
          await this.toResponse(tx, plan, access),
        );
      }
      if (canonicalJson(input.content) === canonicalJson(current.content)) return this.toResponse(tx, plan, access);
      const version = current.version + 1;
      const hash = planVersionHash({ childId, planId: plan.id, version, content: input.content });
      await this.plans.insertVersion(tx, {
        planId: plan.id,
        version,
        content: input.content,
        hash,
        changedBy: editor.id,
        meetingId: input.meetingId ?? null,
      });
      await this.audit.record(tx, {
        type: 'plan.changed',
        actor: auditActor(editor),
        meetingId: input.meetingId ?? null,
        subject: { type: 'child-protection-plan', id: plan.id },
        details: { childId, planId: plan.id, change: 'content', version, hash },
      });
      return this.toResponse(tx, plan, access);
    });
  }

  /** The child's latest plan when the reader may read it; NotFound otherwise, whatever the reason. */
  private async readablePlan(
    tx: EntityManager,
    childId: string,
    reader: AuthenticatedUser,
  ): Promise<{ plan: PlanRow; access: PlanAccessFacts }> {
    const access = await this.plans.findAccessFacts(tx, childId, reader.id);
    const [plan] = access && canReadPlan(access) ? await this.plans.findLatestPlans(tx, [childId]) : [];
    if (!plan || !access) throw new DomainError('NotFound', PLAN_NOT_FOUND);
    return { plan, access };
  }

  /** The plan with its current version, naming only the meetings the reader may know of by reference. */
  private async toResponse(tx: EntityManager, plan: PlanRow, reader: PlanAccessFacts): Promise<ChildProtectionPlan> {
    const [current] = await this.plans.findVersions(tx, [plan.id], true);
    if (!current) throw new Error(`plan ${plan.id} has no version`);
    const people = await this.people.load(tx, peopleOfPlan(plan, [current]));
    return planMeetingsAsSeenBy(reader).plan(toChildProtectionPlan(plan, current, people));
  }
}
