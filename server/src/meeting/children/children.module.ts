import { Module } from '@nestjs/common';
import { ChildRecordsService } from './child-records.service';
import { ChildrenRepository } from './children.repository';

/** Children's records across meetings (docs/PATHWAY.md). */
@Module({
  providers: [ChildRecordsService, ChildrenRepository],
  exports: [ChildRecordsService, ChildrenRepository],
})
export class ChildrenModule {}
