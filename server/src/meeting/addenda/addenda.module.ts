import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { AddendaController } from './addenda.controller';
import { AddendaService } from './addenda.service';

/** Addenda to concluded records: add, list, the chair's sign-off. Needs the global MeetingLifecycleEvents. */
@Module({
  imports: [TemplatesModule],
  controllers: [AddendaController],
  providers: [AddendaService],
})
export class AddendaModule {}
