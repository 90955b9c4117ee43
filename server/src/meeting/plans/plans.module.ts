import { Module } from '@nestjs/common';
import { ChildPathwayService } from './child-pathway.service';

/** TEMPORARY stub (children helper): the plan helper's PlansModule replaces it at integration. */
@Module({
  providers: [ChildPathwayService],
  exports: [ChildPathwayService],
})
export class PlansModule {}
