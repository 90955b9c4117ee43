import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { AttendanceController } from './attendance.controller';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';

/** The attendance register: presence periods from the meeting rooms, apologies, GET /api/meetings/:id/attendance. */
@Module({
  imports: [MeetingLockModule, UsersModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, AttendanceRepository],
  exports: [AttendanceService],
})
export class AttendanceModule {}
