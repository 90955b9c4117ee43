import { Module } from '@nestjs/common';
import { MeetingLockRepository } from './meeting-lock.repository';

/** The meeting-row locks that the lifecycle, attendance, addenda and changes take inside their transactions. */
@Module({
  providers: [MeetingLockRepository],
  exports: [MeetingLockRepository],
})
export class MeetingLockModule {}
