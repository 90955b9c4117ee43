import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { TemplatesModule } from '../templates/templates.module';
import { AgendaRepository } from './agenda.repository';
import { AgendaService } from './agenda.service';

/** The agenda: the record's section being discussed now, moved by the chair through the `/meetings` events. */
@Module({
  imports: [MeetingChangesModule, MeetingLockModule, TemplatesModule],
  providers: [AgendaService, AgendaRepository],
  exports: [AgendaService],
})
export class AgendaModule {}
