import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CirculateRecordRequestSchema,
  CIRCULATION_LIMITS,
  type CirculationCandidate,
  type CirculationResponse,
  NON_MEMBER_VARIANT_LABELS,
  type NonMemberVariant,
} from '@roundtable/shared/circulation';
import { AGENCY_LABELS, MEETING_ROLE_LABELS } from '@roundtable/shared/constants';
import type { FieldError } from '@roundtable/shared/errors';
import { FAMILY_RELATIONSHIP_LABELS, type FamilyMemberResponse } from '@roundtable/shared/family';
import { MEETING_TYPE_LABELS, type MeetingType } from '@roundtable/shared/pathway';
import { canExportRecords } from '@roundtable/shared/permissions';
import { sealedRecordVariantLabel } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { auditActor, AuditService } from '../../audit';
import { FamilyParticipantsService } from '../../identity';
import {
  APP_CONFIG,
  type AppConfig,
  type AuthenticatedUser,
  Clock,
  DomainError,
  type MailMessage,
  MailService,
  type RecordedMail,
} from '../../platform';
import { requireChair, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { ownVariant } from '../sealed-records/sealed-record-downloads.service';
import { SealedRecordRepository } from '../sealed-records/sealed-record.repository';
import {
  type CirculationMailMeeting,
  familyRecordEmail,
  memberRecordEmail,
  nonMemberRecordEmail,
} from './circulation-mail';
import { CirculationRepository, type MemberCandidateRow, type NewRecipient } from './circulation.repository';

type CirculateInput = z.output<typeof CirculateRecordRequestSchema>;

const DAY_MS = 86_400_000;

/** SHA-256 of a link's token: all the database keeps. */
export const hashLinkToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Why a member cannot be sent the record, or null. */
function memberUnavailable(member: MemberCandidateRow): string | null {
  return canExportRecords(member.role) ? null : 'Observers can read the record but cannot download it';
}

/** Why a family member cannot be sent the family version, or null. */
function familyUnavailable(member: FamilyMemberResponse): string | null {
  if (member.status === 'revoked') return 'Their access was removed';
  if (member.status === 'access-ended') return 'Their access to the meeting has ended';
  return null;
}

/** The meeting's kind of meeting, as a sentence says it ("strategy discussion"). */
export function meetingTypeWords(config: Pick<AppConfig, 'meetingTypes'>, type: string): string {
  const label =
    config.meetingTypes.find((t) => t.type === type)?.label ?? MEETING_TYPE_LABELS[type as MeetingType] ?? 'meeting';
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * Circulating the sealed record (docs/CIRCULATION.md): the chair sends the
 * newest sealed version to members (their own version, in the app), to people
 * who are not members (the record without restricted information or the family
 * version, through a single-recipient, expiring link that asks for a one-time
 * code) and to family members (the family version, through their family
 * sign-in). One transaction stores the circulation, its recipients and the
 * `record.circulated` audit entry; the emails (no case content) follow the
 * commit, so a failing mail server never undoes or holds up a circulation.
 */
@Injectable()
export class CirculationService {

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: CirculationRepository,
    private readonly records: SealedRecordRepository,
    private readonly locks: MeetingLockRepository,
    private readonly family: FamilyParticipantsService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly clock: Clock,
  ) {}

  /** Who was sent which version and whether they downloaded it, and whom the chair may choose. Chair only. */
  async list(actor: AuthenticatedUser, meetingId: string): Promise<CirculationResponse> {
    const { reference, latestVersion } = await this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockAsChair(tx, meetingId, actor);
      return { reference: meeting.reference, latestVersion: await this.records.findLatestVersion(tx, meetingId) };
    });
    const [rows, members, familyMembers] = await Promise.all([
      this.repository.listRecipients(meetingId),
      this.repository.findMembers(this.dataSource, meetingId),
      this.family.list(meetingId),
    ]);
    const firstSent = rows.reduce<Date | null>((min, r) => (min && min < r.sentAt ? min : r.sentAt), null);
    return {
      meetingId,
      reference,
      latestVersion: latestVersion || null,
      firstCirculatedAt: firstSent?.toISOString() ?? null,
      recipients: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.displayName,
        email: r.email,
        organisation: r.organisation,
        version: r.version,
        variant: r.variant,
        variantLabel: sealedRecordVariantLabel(r.variant),
        sentAt: r.sentAt.toISOString(),
        sentBy: r.sentByName,
        linkExpiresAt: r.linkExpiresAt?.toISOString() ?? null,
        downloadedAt: r.downloadedAt?.toISOString() ?? null,
        outdated: r.version < latestVersion,
      })),
      candidates: {
        members: members.map((m): CirculationCandidate => ({
          id: m.userId,
          name: m.displayName,
          description: `${AGENCY_LABELS[m.agency]} (${MEETING_ROLE_LABELS[m.role].toLowerCase()})`,
          email: m.email,
          unavailable: memberUnavailable(m),
        })),
        familyMembers: familyMembers.map((f): CirculationCandidate => ({
          id: f.id,
          name: f.displayName,
          description: FAMILY_RELATIONSHIP_LABELS[f.relationship],
          email: f.email,
          unavailable: familyUnavailable(f),
        })),
      },
    };
  }

  /**
   * Sends the newest sealed version to the recipients. Chair only, once the
   * meeting has concluded and its record is sealed. Every recipient is checked
   * before anything is stored: a bad one refuses the whole request (400, the
   * field named) and nothing changes.
   */
  async circulate(actor: AuthenticatedUser, meetingId: string, input: CirculateInput): Promise<CirculationResponse> {
    const outgoing = await this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockAsChair(tx, meetingId, actor);
      if (meeting.status !== 'concluded') {
        throw new DomainError(
          'MeetingNotConcluded',
          'The record is circulated once the meeting has concluded and its record is sealed',
        );
      }
      const version = await this.records.findLatestVersion(tx, meetingId);
      if (version === 0) throw new DomainError('Conflict', 'The record is being sealed. Try again in a moment');
      const recipients = await this.checkRecipients(tx, meetingId, version, input);
      const circulation = await this.repository.insertCirculation(tx, { meetingId, version, sentBy: actor.id });
      const stored: { id: string; recipient: NewRecipient; token: string | null }[] = [];
      for (const { recipient, token } of recipients) {
        const id = await this.repository.insertRecipient(tx, { id: circulation.id, meetingId, version }, recipient);
        stored.push({ id, recipient, token });
      }
      await this.audit.record(tx, {
        type: 'record.circulated',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'record-circulation', id: circulation.id },
        details: {
          version,
          members: input.members.length,
          nonMembers: input.nonMembers.length,
          familyMembers: input.familyMembers.length,
          recipientIds: stored.map((s) => s.id),
          variants: stored.map((s) => s.recipient.variant),
        },
      });
      const found = await this.repository.findMeeting(tx, meetingId);
      const mailMeeting: CirculationMailMeeting = {
        id: meetingId,
        reference: meeting.reference,
        typeLabel: meetingTypeWords(this.config, found?.meetingType ?? ''),
      };
      // Each email is in the outbox exactly when the circulation commits: none is lost to a crash after it.
      const recorded: RecordedMail[] = [];
      for (const s of stored) {
        recorded.push(await this.mail.record(tx, this.emailFor(s.recipient, s.token, mailMeeting, version)));
        await this.repository.markEmailed(tx, s.id);
      }
      return recorded;
    });
    // After the commit: SMTP delivery in the background (the job queue's sweep tries again if it fails for now).
    this.mail.dispatch(outgoing);
    return this.list(actor, meetingId);
  }

  private emailFor(
    recipient: NewRecipient,
    token: string | null,
    meeting: CirculationMailMeeting,
    version: number,
  ): MailMessage {
    const url = this.config.publicUrl;
    if (recipient.kind === 'member') return memberRecordEmail(recipient.email, meeting, version, url);
    if (recipient.kind === 'family') return familyRecordEmail(recipient.email, meeting, url);
    return nonMemberRecordEmail(recipient.email, meeting, { token: token!, expiresAt: recipient.linkExpiresAt! }, url);
  }

  /** Each recipient resolved and checked; ValidationFailed naming every bad one. */
  private async checkRecipients(
    tx: EntityManager,
    meetingId: string,
    version: number,
    input: CirculateInput,
  ): Promise<{ recipient: NewRecipient; token: string | null }[]> {
    const fields: FieldError[] = [];
    const out: { recipient: NewRecipient; token: string | null }[] = [];
    const variants = await this.records.findVariants(meetingId, version);
    const members = new Map((await this.repository.findMembers(tx, meetingId)).map((m) => [m.userId, m]));
    input.members.forEach(({ userId }, i) => {
      const member = members.get(userId);
      const problem = member ? memberUnavailable(member) : 'This person is not a member of the meeting';
      if (!member || problem) return fields.push({ path: `members.${i}.userId`, message: problem! });
      out.push({
        token: null,
        recipient: {
          kind: 'member',
          userId,
          familyParticipantId: null,
          displayName: member.displayName,
          email: member.email,
          organisation: AGENCY_LABELS[member.agency],
          variant: ownVariant(variants, userId) ?? 'family',
          linkTokenHash: null,
          linkExpiresAt: null,
        },
      });
    });
    const available = new Set(variants.map((v) => v.variant));
    const memberEmails = new Set([...members.values()].map((m) => m.email));
    const expiresAt = new Date(this.clock.now().getTime() + CIRCULATION_LIMITS.linkLifetimeDays * DAY_MS);
    input.nonMembers.forEach((person, i) => {
      const variant: NonMemberVariant = person.variant;
      if (!available.has(variant)) {
        return fields.push({
          path: `nonMembers.${i}.variant`,
          message: `Version ${version} has no ${NON_MEMBER_VARIANT_LABELS[variant].toLowerCase()}: choose the family version`,
        });
      }
      if (memberEmails.has(person.email)) {
        return fields.push({
          path: `nonMembers.${i}.email`,
          message: 'This is the email address of a member of the meeting: choose them from the members',
        });
      }
      const token = randomBytes(32).toString('base64url');
      out.push({
        token,
        recipient: {
          kind: 'non-member',
          userId: null,
          familyParticipantId: null,
          displayName: person.name,
          email: person.email,
          organisation: person.organisation,
          variant,
          linkTokenHash: hashLinkToken(token),
          linkExpiresAt: expiresAt,
        },
      });
    });
    const family = new Map((await this.family.list(meetingId)).map((f) => [f.id, f]));
    input.familyMembers.forEach(({ participantId }, i) => {
      const member = family.get(participantId);
      const problem = member ? familyUnavailable(member) : 'This person is not a family member of the meeting';
      if (!member || problem) return fields.push({ path: `familyMembers.${i}.participantId`, message: problem! });
      if (!available.has('family')) {
        return fields.push({ path: `familyMembers.${i}.participantId`, message: 'This version has no family version' });
      }
      out.push({
        token: null,
        recipient: {
          kind: 'family',
          userId: null,
          familyParticipantId: participantId,
          displayName: member.displayName,
          email: member.email,
          organisation: FAMILY_RELATIONSHIP_LABELS[member.relationship],
          variant: 'family',
          linkTokenHash: null,
          linkExpiresAt: null,
        },
      });
    });
    if (fields.length > 0) {
      throw new DomainError('ValidationFailed', `Invalid request – ${fields[0]!.path}: ${fields[0]!.message}`, fields);
    }
    return out;
  }

  private async lockAsChair(tx: EntityManager, meetingId: string, actor: AuthenticatedUser) {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
    requireChair(meeting, 'circulate the record');
    return meeting;
  }
}
