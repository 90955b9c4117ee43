import { Inject, Injectable } from '@nestjs/common';
import type { Clock, MeetingStatus } from '@roundtable/shared/lifecycle';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { ClockFactsRepository } from './clock-facts.repository';
import { type ClockFacts, computeClocks } from './statutory-clocks';

/** The meeting row fields the clocks need. */
export interface ClockedMeeting {
  id: string;
  status: MeetingStatus;
  concludedAt: Date | null;
  reviewDate: string | null;
}

/** How far up a chain of review discussions the ICPC clock looks for the discussion that started s47. */
const MAX_REVIEW_CHAIN = 50;

/** The statutory clocks of a strategy discussion under this deployment's rules (CLOCK_RULES_FILE). */
@Injectable()
export class ClocksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly facts: ClockFactsRepository,
  ) {}

  /**
   * The meeting's clocks now. The caller has checked membership. The ICPC
   * clock runs from the earliest discussion in this one's chain of reviews
   * whose local authority decision in force chose an option that starts
   * section 47 enquiries, and is met once a conference about each of those
   * children has started.
   */
  async forMeeting(manager: EntityManager, meeting: ClockedMeeting, now: Date = new Date()): Promise<Clock[]> {
    const startingOptions = this.config.clockRules.rules.icpc.startingOptions;
    const s47Start = await this.facts.findS47Start(manager, meeting.id, startingOptions, MAX_REVIEW_CHAIN);
    const facts: ClockFacts = {
      meeting,
      s47Start,
      icpcsHeld: s47Start
        ? await this.facts.findIcpcsHeld(manager, meeting.id, startingOptions, MAX_REVIEW_CHAIN, s47Start.discussedAt)
        : [],
      recordSealedAt: await this.facts.findRecordSealedAt(manager, meeting.id),
      recordCirculatedAt: await this.facts.findRecordCirculatedAt(manager, meeting.id),
      reviews: await this.facts.findReviews(manager, meeting.id),
    };
    return computeClocks(facts, this.config.clockRules, now);
  }
}
