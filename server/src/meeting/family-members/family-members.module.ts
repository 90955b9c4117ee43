import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../../identity';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { FamilyMembersController } from './family-members.controller';
import { FamilyMembersService } from './family-members.service';

/** Family members of a meeting: invitations and revocations by its chair (docs/FAMILY.md). */
@Module({
  imports: [FamilyAccessModule, MeetingLockModule],
  controllers: [FamilyMembersController],
  providers: [FamilyMembersService],
  exports: [FamilyMembersService],
})
export class FamilyMembersModule {}
