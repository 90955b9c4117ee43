import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { documentName } from '@roundtable/shared/realtime';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../platform';
import { hashPassword, type UserEntity } from '../identity';
import { DEMO_ACCOUNTS, DEMO_MEETING, DEMO_PASSWORD, DEMO_RECORD } from './demo-data';
import { buildDocumentUpdate } from './demo-document';
import { DemoPathwayService } from './demo-pathway.service';
import { DemoStoryService } from './demo-story.service';
import { DemoRepository } from './demo.repository';

/**
 * Seeds the fictional people of DOMAIN.md §9, the scheduled meeting
 * SD-DEMO-001 ready to start, the same story told in a concluded, sealed
 * discussion (DemoStoryService), and the children's pathway after it:
 * conference, plans, core group, review conference (DemoPathwayService);
 * each once, and only when demo data is enabled (the embedded default). The
 * story and the pathway are told in the background, after the start (a
 * start never waits for rendering sealed records); shutting down waits for
 * them to finish.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DemoSeedService.name);
  private storyTold: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly demo: DemoRepository,
    private readonly story: DemoStoryService,
    private readonly pathway: DemoPathwayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    const seeded = await this.demo.meetingExists(DEMO_MEETING.reference);
    if (!seeded) {
      await this.seed();
      this.logger.log({ accounts: DEMO_ACCOUNTS.length }, 'demo meeting SD-DEMO-001 and accounts created');
    }
    this.storyTold = this.tellStory();
  }

  /** The story, then the pathway that follows it; a failure is logged by name only (the error may quote case text). */
  private async tellStory(): Promise<void> {
    try {
      await this.story.tellOnce();
    } catch (error) {
      this.logger.error({ error: (error as Error).name }, 'the demo story could not be told');
      return;
    }
    try {
      await this.pathway.tellOnce();
    } catch (error) {
      this.logger.error({ error: (error as Error).name }, 'the demo pathway could not be told');
    }
  }

  /** Resolves once the demo story and pathway are told (or failed, which is logged). */
  whenStoryTold(): Promise<void> {
    return this.storyTold;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.storyTold;
  }

  private async seed(): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.dataSource.transaction(async (tx) => {
      const users = await this.demo.insertAccounts(tx, DEMO_ACCOUNTS, passwordHash);
      const chair = users[0] as UserEntity;
      const meeting = await this.demo.insertMeeting(tx, DEMO_MEETING, chair.id);
      await this.demo.insertChildren(tx, meeting.id, DEMO_MEETING.children);
      await this.demo.insertMembers(
        tx,
        DEMO_ACCOUNTS.flatMap((account, i) =>
          account.role
            ? [
                {
                  meetingId: meeting.id,
                  userId: (users[i] as UserEntity).id,
                  role: account.role,
                  addedBy: chair.id,
                  invitee: account.invitee ?? false,
                },
              ]
            : [],
        ),
      );
      await this.demo.insertDocumentUpdate(
        tx,
        documentName(meeting.id, 'record'),
        buildDocumentUpdate(DEMO_RECORD),
        chair.id,
      );
    });
  }
}
