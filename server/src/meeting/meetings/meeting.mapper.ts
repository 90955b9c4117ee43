import { MINIMUM_AGENCIES, type MeetingRole } from '@roundtable/shared/constants';
import type { Clock, MeetingLink } from '@roundtable/shared/lifecycle';
import type { PathwayMeeting } from '@roundtable/shared/pathway';
import type { ChildResponse, MeetingDetail, MeetingSummary, MemberResponse } from '@roundtable/shared/schemas';
import type { MeetingChildEntity } from './meeting-child.entity';
import type { MeetingMemberEntity } from './meeting-member.entity';
import type { MeetingEntity } from './meeting.entity';

const byPosition = (a: MeetingChildEntity, b: MeetingChildEntity) => a.position - b.position;

export function toChildResponse(child: MeetingChildEntity): ChildResponse {
  return { id: child.id, childId: child.childId, name: child.name, dateOfBirth: child.dateOfBirth };
}

export function toMemberResponse(member: MeetingMemberEntity): MemberResponse {
  if (!member.user) throw new Error('member loaded without its user');
  return {
    userId: member.userId,
    displayName: member.user.displayName,
    jobTitle: member.user.jobTitle,
    agency: member.user.agency,
    organisation: member.user.organisation,
    role: member.role,
    addedAt: member.addedAt.toISOString(),
    invitee: member.invitee,
    accessEndsAt: member.accessEndsAt?.toISOString() ?? null,
  };
}

export function toMeetingSummary(meeting: MeetingEntity, myRole: MeetingRole, memberCount: number): MeetingSummary {
  return {
    id: meeting.id,
    reference: meeting.reference,
    reason: meeting.reason,
    scheduledAt: meeting.scheduledAt.toISOString(),
    format: meeting.format,
    children: [...(meeting.children ?? [])].sort(byPosition).map(toChildResponse),
    myRole,
    memberCount,
    status: meeting.status,
    startedAt: meeting.startedAt?.toISOString() ?? null,
    concludedAt: meeting.concludedAt?.toISOString() ?? null,
    reviewOfMeetingId: meeting.reviewOfMeetingId,
    type: meeting.type,
  };
}

export function toMeetingLink(meeting: MeetingEntity): MeetingLink {
  return {
    id: meeting.id,
    reference: meeting.reference,
    scheduledAt: meeting.scheduledAt.toISOString(),
    status: meeting.status,
  };
}

/** What a meeting's detail adds beyond its own row: linked discussions and clocks. */
export interface MeetingDetailExtras {
  reviewOf: MeetingLink | null;
  reviews: MeetingLink[];
  clocks: Clock[];
  precededBy: PathwayMeeting | null;
}

const ROLE_ORDER: Record<MeetingRole, number> = { chair: 0, participant: 1, 'minute-taker': 2, observer: 3 };

/** Full meeting for a member; members listed chair first, then by name. The service adds the meeting's templates. */
export function toMeetingDetail(
  meeting: MeetingEntity,
  myRole: MeetingRole,
  extras: MeetingDetailExtras,
): Omit<MeetingDetail, 'templates'> {
  const members = [...(meeting.members ?? [])]
    .map(toMemberResponse)
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.displayName.localeCompare(b.displayName));
  const present = new Set(members.map((m) => m.agency));
  return {
    ...toMeetingSummary(meeting, myRole, members.length),
    createdAt: meeting.createdAt.toISOString(),
    members,
    missingMinimumAgencies: MINIMUM_AGENCIES.filter((agency) => !present.has(agency)),
    reviewOf: extras.reviewOf,
    reviews: extras.reviews,
    reviewDate: meeting.reviewDate,
    clocks: extras.clocks,
    precededBy: extras.precededBy,
  };
}

export function toPathwayMeeting(meeting: MeetingEntity): PathwayMeeting {
  return {
    id: meeting.id,
    reference: meeting.reference,
    type: meeting.type,
    scheduledAt: meeting.scheduledAt.toISOString(),
    status: meeting.status,
  };
}
