import { SessionEntity } from '../auth/session.entity';
import { DocumentSnapshotEntity } from '../collab/document-snapshot.entity';
import { DocumentUpdateEntity } from '../collab/document-update.entity';
import { MeetingChildEntity } from '../meetings/meeting-child.entity';
import { MeetingMemberEntity } from '../meetings/meeting-member.entity';
import { MeetingEntity } from '../meetings/meeting.entity';
import { InitialSchema1763800000000 } from '../migrations/1763800000000-initial-schema';
import { UserEntity } from '../users/user.entity';

/** Every entity; the DataSource, the migration check and tests use this one list. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  MeetingEntity,
  MeetingChildEntity,
  MeetingMemberEntity,
  DocumentUpdateEntity,
  DocumentSnapshotEntity,
];

/** Every migration, in order. */
export const MIGRATIONS = [InitialSchema1763800000000];
