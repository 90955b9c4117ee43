import type { MeetingRole } from '@roundtable/shared/constants';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { DocumentUpdateEntity } from '../realtime';
import { MeetingChildEntity, MeetingEntity, MeetingMemberEntity } from '../meeting';
import { UserEntity } from '../identity';
import type { DemoAccount, DEMO_MEETING } from './demo-data';

/** A demo account's membership of the demo meeting. */
export interface DemoMembership {
  meetingId: string;
  userId: string;
  role: MeetingRole;
  addedBy: string;
  invitee: boolean;
}

/**
 * The demo data's rows: the fictional accounts, the demo meeting with its
 * children, members and opening record, and the check that a production
 * database holds no usable demo account.
 */
@Injectable()
export class DemoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether a meeting with this reference exists (the demo was seeded before). */
  meetingExists(reference: string): Promise<boolean> {
    return this.dataSource.getRepository(MeetingEntity).existsBy({ reference });
  }

  /** The status of the meeting with this reference, or null when there is none. */
  async meetingStatus(reference: string): Promise<MeetingEntity['status'] | null> {
    const meeting = await this.dataSource.getRepository(MeetingEntity).findOneBy({ reference });
    return meeting?.status ?? null;
  }

  /** The id of the meeting with this reference, or null when there is none. */
  async meetingId(reference: string): Promise<string | null> {
    const meeting = await this.dataSource.getRepository(MeetingEntity).findOneBy({ reference });
    return meeting?.id ?? null;
  }

  /** Whether the user is a member of the meeting. */
  isMember(meetingId: string, userId: string): Promise<boolean> {
    return this.dataSource.getRepository(MeetingMemberEntity).existsBy({ meetingId, userId });
  }

  /** The accounts with these emails (lower case). */
  findAccounts(emails: readonly string[]): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).findBy({ email: In([...emails]) });
  }

  /** Appends one update to a document's log, as written by `userId`, in its own transaction. */
  async appendDocumentUpdate(documentName: string, update: Uint8Array, userId: string): Promise<void> {
    await this.insertDocumentUpdate(this.dataSource.manager, documentName, update, userId);
  }

  /** Creates the accounts, enabled, with one password hash; returned in the order given. */
  insertAccounts(tx: EntityManager, accounts: readonly DemoAccount[], passwordHash: string): Promise<UserEntity[]> {
    return tx.save(
      accounts.map((account) =>
        tx.create(UserEntity, {
          email: account.email,
          passwordHash,
          displayName: account.displayName,
          jobTitle: account.jobTitle,
          agency: account.agency,
          organisation: account.organisation ?? null,
          isAdmin: account.isAdmin ?? false,
          isAuditor: account.isAuditor ?? false,
          canChair: account.canChair ?? false,
          teamManager: account.teamManager ?? false,
          disabledAt: null,
        }),
      ),
    );
  }

  /** Creates the demo meeting (without its children and members). */
  insertMeeting(tx: EntityManager, meeting: typeof DEMO_MEETING, createdBy: string): Promise<MeetingEntity> {
    return tx.save(
      tx.create(MeetingEntity, {
        reference: meeting.reference,
        reason: meeting.reason,
        scheduledAt: new Date(meeting.scheduledAt),
        format: meeting.format,
        createdBy,
      }),
    );
  }

  /** The demo children's record ids, in the order of the case-system IDs given. */
  async findChildIdsByCaseSystemId(caseSystemIds: readonly string[]): Promise<string[]> {
    const rows: { id: string; case_system_id: string }[] = await this.dataSource.query(
      `SELECT id, case_system_id FROM children WHERE case_system_id = ANY($1)`,
      [caseSystemIds],
    );
    return caseSystemIds.map((cid) => {
      const row = rows.find((r) => r.case_system_id === cid);
      if (!row) throw new Error(`demo child ${cid} is missing`);
      return row.id;
    });
  }

  /** Records the children (one household, siblings) and adds them to the meeting, in the order given. */
  async insertChildren(tx: EntityManager, meetingId: string, children: typeof DEMO_MEETING.children): Promise<void> {
    const [household] = (await tx.query(`INSERT INTO households DEFAULT VALUES RETURNING id`)) as { id: string }[];
    const rows: { childId: string; name: string; dateOfBirth: string | null; position: number }[] = [];
    for (const [position, child] of children.entries()) {
      const [record] = (await tx.query(
        `INSERT INTO children (name, date_of_birth, case_system_id, household_id) VALUES ($1, $2, $3, $4) RETURNING id`,
        [child.name, child.dateOfBirth, child.caseSystemId, household!.id],
      )) as { id: string }[];
      rows.push({ childId: record!.id, name: child.name, dateOfBirth: child.dateOfBirth, position });
    }
    await tx.insert(
      MeetingChildEntity,
      rows.map((row) => ({ meetingId, ...row })),
    );
  }

  async insertMembers(tx: EntityManager, members: readonly DemoMembership[]): Promise<void> {
    await tx.insert(MeetingMemberEntity, [...members]);
  }

  /** Appends one update to a document's log, as written by `userId`. */
  async insertDocumentUpdate(
    tx: EntityManager,
    documentName: string,
    update: Uint8Array,
    userId: string,
  ): Promise<void> {
    await tx.insert(DocumentUpdateEntity, { documentName, update: Buffer.from(update), userId });
  }

  /** Emails among `emails` (lower case) of accounts that exist and are not disabled. */
  async findEnabledAccountEmails(emails: readonly string[]): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT email FROM users WHERE lower(email) = ANY($1::text[]) AND disabled_at IS NULL ORDER BY email`,
      [emails],
    )) as { email: string }[];
    return rows.map((r) => r.email);
  }
}
