import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChildProtectionPlan, PathwayClock, PathwayStage } from '@roundtable/shared/pathway';
import type { DataSource } from 'typeorm';
import { PeopleRepository } from '../../identity';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { computePathwayClocks, type PathwayFacts } from '../clocks/pathway-clocks';
import { type HeldPlanMeeting, PathwayFactsRepository } from './pathway-facts.repository';
import { pathwayStage } from './pathway-stage';
import { peopleOfPlan, toChildProtectionPlan } from './plan.mapper';
import { PlansRepository } from './plans.repository';

/** One child's place on the pathway: stage, plan and clocks. */
export interface ChildPathwaySummary {
  stage: PathwayStage;
  plan: ChildProtectionPlan | null;
  clocks: PathwayClock[];
}

/**
 * Each child's stage, plan (the active one, or the last one ended) and
 * pathway clocks under this deployment's rules (CLOCK_RULES_FILE), for the
 * child's page and the caseload. The caller decides who may see them: this
 * service checks no access.
 */
@Injectable()
export class ChildPathwayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'clockRules'>,
    private readonly plans: PlansRepository,
    private readonly facts: PathwayFactsRepository,
    private readonly people: PeopleRepository,
  ) {}

  /** Stage, plan (or null) and pathway clocks of one child, now. */
  async summary(childId: string, now: Date = new Date()): Promise<ChildPathwaySummary> {
    const summary = (await this.summaries([childId], now)).get(childId);
    if (!summary) throw new Error('summaries answer for every child asked');
    return summary;
  }

  /** The same for many children at once (the caseload): a fixed number of queries, whatever the number of children. */
  async summaries(childIds: readonly string[], now: Date = new Date()): Promise<Map<string, ChildPathwaySummary>> {
    const ids = [...new Set(childIds)];
    if (ids.length === 0) return new Map();
    const rules = this.config.clockRules;
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const plans = await this.plans.findLatestPlans(tx, ids);
      const versions = await this.plans.findVersions(
        tx,
        plans.map((p) => p.id),
        true,
      );
      const held = await this.facts.findHeldPlanMeetings(tx, ids);
      const s47Starts = await this.facts.findLatestS47Starts(tx, ids, rules.rules.icpc.startingOptions);
      const icpcOutcomes = await this.facts.findLatestIcpcOutcomes(tx, ids);
      const people = await this.people.load(
        tx,
        plans.flatMap((p) =>
          peopleOfPlan(
            p,
            versions.filter((v) => v.planId === p.id),
          ),
        ),
      );
      const planOf = new Map(plans.map((p) => [p.childId, p]));
      const versionOf = new Map(versions.map((v) => [v.planId, v]));
      const heldBy = new Map<string, HeldPlanMeeting[]>();
      for (const m of held) {
        const list = heldBy.get(m.childId);
        if (list) list.push(m);
        else heldBy.set(m.childId, [m]);
      }
      const summaries = new Map<string, ChildPathwaySummary>();
      for (const childId of ids) {
        const plan = planOf.get(childId) ?? null;
        const current = plan ? versionOf.get(plan.id) : undefined;
        const ofType = (type: string) => (heldBy.get(childId) ?? []).filter((m) => m.type === type);
        const s47Start = s47Starts.get(childId) ?? null;
        const facts: PathwayFacts = {
          s47Start,
          icpcs: ofType('icpc'),
          coreGroups: ofType('core-group'),
          reviewConferences: ofType('review-conference'),
          plan:
            plan && current
              ? {
                  status: plan.status,
                  startedAt: plan.startedAt,
                  startedBy: { reference: plan.startedByMeeting.reference, startedAt: plan.startedByMeeting.startedAt },
                  endedAt: plan.endedAt,
                  coreGroupEveryWeeks: current.content.coreGroupEveryWeeks,
                }
              : null,
        };
        summaries.set(childId, {
          stage: pathwayStage({
            plan,
            latestIcpcOutcome: icpcOutcomes.get(childId) ?? null,
            s47StartedAt: s47Start?.discussedAt ?? null,
          }),
          plan: plan && current ? toChildProtectionPlan(plan, current, people) : null,
          clocks: computePathwayClocks(facts, rules, now),
        });
      }
      return summaries;
    });
  }
}
