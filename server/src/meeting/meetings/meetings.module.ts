import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChildrenModule } from '../children/children.module';
import { ClocksModule } from '../clocks/clocks.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { MeetingLockModule } from './meeting-lock.module';
import { TemplatesModule } from '../templates/templates.module';
import { UsersModule } from '../../identity';
import { MeetingChildEntity } from './meeting-child.entity';
import { MeetingMemberEntity } from './meeting-member.entity';
import { MeetingEntity } from './meeting.entity';
import { MeetingRepository } from './meeting.repository';
import { MeetingsController } from './meetings.controller';
import { InviteeAccessSweeper } from './invitee-access.sweeper';
import { MeetingsService } from './meetings.service';
import { MeetingMembershipEvents } from './membership-events';

@Module({
  imports: [
    UsersModule,
    TemplatesModule,
    ClocksModule,
    ChildrenModule,
    ConferencesModule,
    MeetingLockModule,
    TypeOrmModule.forFeature([MeetingEntity, MeetingChildEntity, MeetingMemberEntity]),
  ],
  controllers: [MeetingsController],
  providers: [MeetingsService, MeetingRepository, InviteeAccessSweeper, MeetingMembershipEvents],
  exports: [MeetingsService, InviteeAccessSweeper, MeetingMembershipEvents],
})
export class MeetingsModule {}
