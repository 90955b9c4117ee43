import { Module } from '@nestjs/common';
import { FamilyCookie } from './family-cookie';
import { FamilySessionRepository } from './family-session.repository';
import { FamilySessionsService } from './family-sessions.service';

/** Family sessions and their cookie: what the session guard needs to admit a family member to a @FamilyRoute(). */
@Module({
  providers: [FamilySessionsService, FamilySessionRepository, FamilyCookie],
  exports: [FamilySessionsService, FamilyCookie],
})
export class FamilySessionsModule {}
