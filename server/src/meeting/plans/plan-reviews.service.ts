import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import type { AuthenticatedUser } from '../../platform';
import { MeetingLifecycleEvents } from '../lifecycle/meeting-lifecycle.events';
import { PlansRepository } from './plans.repository';

/**
 * Each plan meeting records which version of each child's plan it reviewed
 * (DOMAIN-PATHWAY §4, issue 17 item 3): when an ICPC, core group or review
 * conference concludes, for each of its children with a plan (active, or
 * ended by this meeting), the current version and its hash go to
 * meeting_plan_reviews and to the trail (`plan.reviewed`), inside the
 * concluding transaction, so a concluded plan meeting always names the
 * version it reviewed.
 */
@Injectable()
export class PlanReviewsService {
  constructor(
    events: MeetingLifecycleEvents,
    private readonly plans: PlansRepository,
    private readonly audit: AuditService,
  ) {
    events.onConcluding((tx, meetingId, actor) => this.recordReviews(tx, meetingId, actor));
  }

  /** Records the reviews of a concluding meeting; nothing for a strategy discussion or a child without a plan. */
  async recordReviews(tx: EntityManager, meetingId: string, actor: AuthenticatedUser): Promise<void> {
    const reviewed = await this.plans.findPlansToReview(tx, meetingId);
    for (const plan of reviewed) await this.plans.insertReview(tx, { meetingId, ...plan });
    for (const plan of reviewed) {
      await this.audit.record(tx, {
        type: 'plan.reviewed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'child-protection-plan', id: plan.planId },
        details: { meetingId, childId: plan.childId, planId: plan.planId, version: plan.version, hash: plan.hash },
      });
    }
  }
}
