import { Module } from '@nestjs/common';
import { ClockFactsRepository } from './clock-facts.repository';
import { ClocksService } from './clocks.service';

/** Statutory clocks (working-day calculator and rules from CLOCK_RULES_FILE); shown with each meeting's detail. */
@Module({
  providers: [ClocksService, ClockFactsRepository],
  exports: [ClocksService],
})
export class ClocksModule {}
