import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { TemplatesModule } from '../templates/templates.module';
import { AddendaController } from './addenda.controller';
import { AddendaService } from './addenda.service';
import { AddendumRepository } from './addendum.repository';

/** Addenda to concluded records: add, list, the chair's sign-off. Needs the global MeetingLifecycleEvents. */
@Module({
  imports: [TemplatesModule, MeetingLockModule, UsersModule],
  controllers: [AddendaController],
  providers: [AddendaService, AddendumRepository],
})
export class AddendaModule {}
