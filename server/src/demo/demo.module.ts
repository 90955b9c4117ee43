import { Module } from '@nestjs/common';
import { DemoSeedService } from './demo-seed.service';
import { DemoRepository } from './demo.repository';

@Module({ providers: [DemoSeedService, DemoRepository] })
export class DemoModule {}
