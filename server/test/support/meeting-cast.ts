import type { MeetingDetail } from '@roundtable/shared/schemas';
import { EventsClient } from './meeting-events-client';
import type { TestApp, TestUser } from './test-app';

/** A member of the test meeting: account, cookie, and a client joined to the meeting. */
export interface CastMember {
  user: TestUser;
  cookie: string;
  client: EventsClient;
}

/**
 * A strategy discussion with people in different agencies and roles, each
 * with a `/meetings` client already joined: a children's social care chair,
 * two police participants, a health participant and an education observer.
 * Plus an outsider (health, signed in and connected, not a member).
 */
export interface MeetingCast {
  meeting: MeetingDetail;
  chair: CastMember;
  police: CastMember;
  police2: CastMember;
  health: CastMember;
  education: CastMember;
  outsider: CastMember;
  /** The member clients (not the outsider's). */
  members: EventsClient[];
}

/** Builds a new cast; every client is pushed to `clients` so the test can close them. */
export async function buildMeetingCast(app: TestApp, clients: EventsClient[]): Promise<MeetingCast> {
  const chairUser = await app.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' });
  const policeUser = await app.createUser({ displayName: 'Priya Police', agency: 'police' });
  const police2User = await app.createUser({ displayName: 'Dan Detective', agency: 'police' });
  const healthUser = await app.createUser({ displayName: 'Hana Health', agency: 'health' });
  const educationUser = await app.createUser({ displayName: 'Ed Education', agency: 'education' });
  const outsiderUser = await app.createUser({ displayName: 'Olu Outsider', agency: 'health' });
  const { meeting, chairCookie } = await app.createMeeting(chairUser, [
    { member: policeUser, role: 'participant' },
    { member: police2User, role: 'participant' },
    { member: healthUser, role: 'participant' },
    { member: educationUser, role: 'observer' },
  ]);
  const member = async (user: TestUser, cookie?: string): Promise<CastMember> => {
    const signedIn = cookie ?? (await app.signIn(user));
    const client = await EventsClient.connect(app.url, { cookie: signedIn });
    clients.push(client);
    return { user, cookie: signedIn, client };
  };
  const cast = {
    meeting,
    chair: await member(chairUser, chairCookie),
    police: await member(policeUser),
    police2: await member(police2User),
    health: await member(healthUser),
    education: await member(educationUser),
    outsider: await member(outsiderUser),
  };
  const members = [cast.chair, cast.police, cast.police2, cast.health, cast.education].map((m) => m.client);
  for (const client of members) await client.ok('meeting:join', { meetingId: meeting.id });
  return { ...cast, members };
}
