import { Module } from '@nestjs/common';
import { ClocksService } from './clocks.service';

/** Statutory clocks (working-day calculator and rules from CLOCK_RULES_FILE); shown with each meeting's detail. */
@Module({
  providers: [ClocksService],
  exports: [ClocksService],
})
export class ClocksModule {}
