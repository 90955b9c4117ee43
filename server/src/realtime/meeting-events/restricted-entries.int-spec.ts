import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import type { TestUser } from '../../../test/support/test-app';

const VIEW_CANARY = 'CANARY-VIEW-7f3a9c';
const ACTION_CANARY = 'CANARY-ACTION-2b8e41';
const POLICE_WITHHELD = 'Information withheld: police restricted';
const HEALTH_WITHHELD = 'Information withheld: health restricted';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Where `canary` occurs in `received` (a short excerpt around it), or null: a failure names the leak, not every byte. */
function leak(received: string, canary: string): string | null {
  const at = received.indexOf(canary);
  return at < 0 ? null : received.slice(Math.max(0, at - 200), at + canary.length + 40);
}

/** A member with a joined client that keeps every raw socket.io packet it receives, from before it joins. */
interface Reader {
  user: TestUser;
  cookie: string;
  client: EventsClient;
  packets: string[];
}

/**
 * Restricted entries (docs/SECURITY.md "Restricted entries"): an agency view
 * flagged police restricted and an action flagged health restricted reach,
 * whole, only their audience, on every channel; only the owning agency, or
 * the chair with a reason, lifts a restriction.
 */
describeOnOneDatabase('restricted agency views and actions', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /**
   * A chair (children's social care), police, a second police officer, health,
   * an education participant and an observer from the police: an observer is
   * never in an agency's audience, not even their own agency's.
   */
  async function cast() {
    const app = ctx.app;
    const users = {
      chair: await app.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' }),
      police: await app.createUser({ displayName: 'Priya Police', agency: 'police' }),
      police2: await app.createUser({ displayName: 'Dan Detective', agency: 'police' }),
      health: await app.createUser({ displayName: 'Hana Health', agency: 'health' }),
      education: await app.createUser({ displayName: 'Ed Education', agency: 'education' }),
      observer: await app.createUser({ displayName: 'Oli Observer', agency: 'police' }),
    };
    const roles: [keyof typeof users, MeetingRole][] = [
      ['police', 'participant'],
      ['police2', 'participant'],
      ['health', 'participant'],
      ['education', 'participant'],
      ['observer', 'observer'],
    ];
    const { meeting, chairCookie } = await app.createMeeting(
      users.chair,
      roles.map(([key, role]) => ({ member: users[key], role })),
    );
    const reader = async (user: TestUser, cookie?: string): Promise<Reader> => {
      const signedIn = cookie ?? (await app.signIn(user));
      const client = await EventsClient.connect(app.url, { cookie: signedIn });
      clients.push(client);
      const packets: string[] = [];
      client.socket.io.engine.on('packet', (packet) => packets.push(JSON.stringify(packet.data ?? '')));
      await client.ok('meeting:join', { meetingId: meeting.id });
      return { user, cookie: signedIn, client, packets };
    };
    return {
      meeting: meeting as MeetingDetail,
      chair: await reader(users.chair, chairCookie),
      police: await reader(users.police),
      police2: await reader(users.police2),
      health: await reader(users.health),
      education: await reader(users.education),
      observer: await reader(users.observer),
    };
  }

  /** Raw HTTP response bodies of the pages that carry entries. */
  async function httpBodies(cookie: string): Promise<string> {
    const bodies: string[] = [];
    for (const path of ['/api/actions/mine', '/api/dashboard']) {
      const res = await fetch(ctx.app.url + path, { headers: { cookie } });
      expect(res.status).toBe(200);
      bodies.push(await res.text());
    }
    return bodies.join('\n');
  }

  const auditRows = (meetingId: string, type: string) =>
    ctx.app.dataSource.query(
      `SELECT subject_type, subject_id, actor_agency, outcome, details FROM audit_events
        WHERE meeting_id = $1 AND type = $2 ORDER BY seq`,
      [meetingId, type],
    ) as Promise<
      { subject_type: string; subject_id: string; actor_agency: Agency; outcome: string; details: object }[]
    >;

  /** Waits until a client's last `decision:changed` for the decision is at (at least) a revision. */
  const decisionSeen = (r: Reader, id: string, revision: number) =>
    r.client.waitForDecision(id, revision).then(() => r.client.received.decisions.at(-1)!.decision);

  it('withholds them from every byte a member outside the audience receives, and gives them whole to the audience', async () => {
    const c = await cast();
    const meetingId = c.meeting.id;
    const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });

    // Police records a view, restricts it, then changes it to say what only police may read (the flag stays).
    const first = await c.police.client.ok('view:record', {
      meetingId,
      decisionId: opened.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: 'Our first view.',
    });
    const firstView = first.currentViews.find((v) => v.agency === 'police')!;
    await c.police.client.ok('view:flag', {
      meetingId,
      decisionId: opened.id,
      viewId: firstView.id,
      restriction: 'police-restricted',
    });
    const changed = await c.police.client.ok('view:record', {
      meetingId,
      decisionId: opened.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: `Intelligence: ${VIEW_CANARY} is a suspect in another investigation.`,
      keyInformation: `Source: ${VIEW_CANARY}`,
    });
    const policeView = changed.currentViews.find((v) => v.agency === 'police')!;
    for (const outside of [c.education, c.observer]) {
      await outside.client.waitForDecision(opened.id, changed.revision);
      expect(leak(outside.packets.join('\n'), VIEW_CANARY)).toBeNull();
    }
    expect(policeView).toMatchObject({ restriction: 'police-restricted', withheld: null });

    // Education records its own view: its acknowledgement carries the whole decision, as education may read it.
    const educationAck = await c.education.client.ok('view:record', {
      meetingId,
      decisionId: opened.id,
      harm: 'unsure',
      recommendedOption: 's47-single-agency',
      reasons: 'Attendance has dropped this term.',
    });
    const withheld = educationAck.currentViews.find((v) => v.agency === 'police')!;
    expect(withheld).toMatchObject({
      id: policeView.id,
      agency: 'police',
      harm: null,
      recommendedOption: '',
      reasons: '',
      keyInformation: null,
      conditions: null,
      restriction: 'police-restricted',
      withheld: POLICE_WITHHELD,
    });
    expect(educationAck.summary.byAgency.map((v) => v.agency)).toEqual(['education']);
    expect(educationAck.summary.missingMinimumAgencies).toEqual(['childrens-social-care', 'health']);

    // Health records an action restricted from the start, and closes it with a note.
    const action = await c.health.client.ok('action:create', {
      meetingId,
      description: `Refer mother to perinatal mental health: ${ACTION_CANARY}`,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: inHours(24),
      restriction: 'health-restricted',
    });
    await c.health.client.ok('action:update', {
      meetingId,
      actionId: action.id,
      description: `Refer mother to perinatal mental health (${ACTION_CANARY}), urgently`,
    });
    expect(await httpBodies(c.health.cookie)).toContain(ACTION_CANARY); // the owner's open actions
    const done = await c.health.client.ok('action:set-status', {
      meetingId,
      actionId: action.id,
      status: 'cancelled',
      note: `Not needed: ${ACTION_CANARY}`,
    });
    for (const r of [c.education, c.observer, c.police, c.police2, c.chair]) {
      await r.client.waitForAction(action.id, done.revision);
      await r.client.waitForDecision(opened.id, educationAck.revision);
    }
    const seenByEducation = c.education.client.received.actions.at(-1)!.action;
    expect(seenByEducation).toMatchObject({
      id: action.id,
      ownerAgency: 'health',
      status: 'cancelled',
      description: '',
      statusNote: null,
      restriction: 'health-restricted',
      withheld: HEALTH_WITHHELD,
    });

    // Joining again: the state is filtered the same way.
    const educationState = await c.education.client.ok('meeting:join', { meetingId });
    expect(educationState.actions.find((a) => a.id === action.id)?.withheld).toBe(HEALTH_WITHHELD);
    await c.observer.client.ok('meeting:join', { meetingId });
    await c.police.client.ok('meeting:join', { meetingId });
    await c.health.client.ok('meeting:join', { meetingId });

    const all = (r: Reader) => r.packets.join('\n');
    for (const outside of [c.education, c.observer]) {
      const received = all(outside) + (await httpBodies(outside.cookie));
      expect(leak(received, VIEW_CANARY)).toBeNull();
      expect(leak(received, ACTION_CANARY)).toBeNull();
      expect(received).toContain(POLICE_WITHHELD);
      expect(received).toContain(HEALTH_WITHHELD);
    }
    // The audience: police (and the chair) read the view, health (its recorder and owner) and the chair the action.
    for (const r of [c.police, c.police2, c.chair]) expect(all(r)).toContain(VIEW_CANARY);
    for (const r of [c.health, c.chair]) expect(all(r)).toContain(ACTION_CANARY);
    expect(leak(all(c.health), VIEW_CANARY)).toBeNull();
    expect(all(c.health)).toContain(POLICE_WITHHELD);
    for (const r of [c.police, c.police2]) expect(leak(all(r), ACTION_CANARY)).toBeNull();
  });

  it('lets the owning agency, or the chair with a reason, lift a restriction; refuses and audits anyone else', async () => {
    const c = await cast();
    const meetingId = c.meeting.id;
    const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
    const recorded = await c.police.client.ok('view:record', {
      meetingId,
      decisionId: opened.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: `Intelligence: ${VIEW_CANARY}.`,
      restriction: 'police-restricted',
    });
    const view = recorded.currentViews.find((v) => v.agency === 'police')!;
    // The trail has which view and its flag, not its answers (they are its content).
    expect((await auditRows(meetingId, 'view.recorded')).map((r) => r.details)).toEqual([
      {
        event: 'view:record',
        revision: 2,
        status: 'open',
        viewId: view.id,
        agency: 'police',
        supersedesId: null,
        restriction: 'police-restricted',
      },
    ]);
    const lift = { meetingId, decisionId: opened.id, viewId: view.id, restriction: null };

    const refused = await Promise.all([
      c.education.client.emit('view:flag', lift),
      c.health.client.emit('view:flag', { ...lift, restriction: 'not-for-family', reason: 'We need it' }),
      c.observer.client.emit('view:flag', lift),
      c.chair.client.emit('view:flag', lift),
    ]);
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual([
      'Forbidden',
      'Forbidden',
      'Forbidden',
      'ValidationFailed',
    ]);
    const chairRefusal = refused[3]!;
    expect(!chairRefusal.ok && chairRefusal.error.fields).toEqual([
      { path: 'reason', message: expect.stringContaining('Give a reason') },
    ]);
    const refusals = await auditRows(meetingId, 'entry.flag-refused');
    expect(refusals.map((r) => [r.actor_agency, r.outcome, r.subject_type, r.subject_id])).toEqual(
      expect.arrayContaining([
        ['education', 'refused', 'agency-view', view.id],
        ['health', 'refused', 'agency-view', view.id],
        ['police', 'refused', 'agency-view', view.id],
        ['childrens-social-care', 'refused', 'agency-view', view.id],
      ]),
    );
    expect(refusals).toHaveLength(4);
    expect(refusals.find((r) => r.actor_agency === 'childrens-social-care')?.details).toEqual({
      entryType: 'agency-view',
      from: 'police-restricted',
      to: null,
      code: 'ValidationFailed',
    });
    expect(await auditRows(meetingId, 'entry.flagged')).toEqual([]);

    // The chair lifts it with a reason: an information-sharing decision, so with its lawful basis too.
    const reason = 'The suspect has been charged; education needs this to keep the child safe at school';
    const noBasis = await c.chair.client.emit('view:flag', { ...lift, reason });
    expect(!noBasis.ok && noBasis.error.fields?.map((f) => f.path)).toEqual(['lawfulBasis']);
    const lifted = await c.chair.client.ok('view:flag', { ...lift, reason, lawfulBasis: 'safeguarding-children' });
    const sharing: { id: string; outcome: string; with_whom: string; reason: string; lawful_basis: string }[] =
      await ctx.app.dataSource.query(
        `SELECT id, outcome, with_whom, reason, lawful_basis FROM sharing_decisions WHERE meeting_id = $1`,
        [meetingId],
      );
    expect(sharing).toEqual([
      {
        id: expect.any(String),
        outcome: 'shared',
        with_whom: 'Every member of the strategy discussion',
        reason,
        lawful_basis: 'safeguarding-children',
      },
    ]);
    // Audited with from/to, that a reason was given and the sharing decision: never the reason's text.
    const flagged = await auditRows(meetingId, 'entry.flagged');
    expect(flagged.map((r) => [r.actor_agency, r.details])).toEqual([
      [
        'childrens-social-care',
        {
          entryType: 'agency-view',
          from: 'police-restricted',
          to: null,
          decisionId: opened.id,
          sharingDecisionId: sharing[0]!.id,
          reasonGiven: true,
          owningAgency: 'police',
        },
      ],
    ]);
    expect(JSON.stringify(flagged)).not.toContain('charged');
    // The sharing decision reaches its readers live (the chair), not education.
    await eventually(() => expect(c.chair.packets.join('\n')).toContain('sharing-decision:recorded'));
    expect(c.chair.packets.join('\n')).toContain('The suspect has been charged');
    expect(leak(c.education.packets.join('\n'), 'The suspect has been charged')).toBeNull();
    // The next broadcast reaches everyone whole.
    for (const r of [c.education, c.observer, c.health]) {
      const seen: DecisionResponse = await decisionSeen(r, opened.id, lifted.revision);
      expect(seen.currentViews.find((v) => v.id === view.id)).toMatchObject({
        withheld: null,
        reasons: `Intelligence: ${VIEW_CANARY}.`,
      });
    }

    // Health's restricted action: police may neither lift it nor loosen it; health's own member may, no reason needed.
    const action = await c.health.client.ok('action:create', {
      meetingId,
      description: `Perinatal referral ${ACTION_CANARY}`,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: inHours(24),
      restriction: 'health-restricted',
    });
    const byPolice = await c.police.client.emit('action:flag', {
      meetingId,
      actionId: action.id,
      restriction: 'not-for-family',
    });
    expect(!byPolice.ok && byPolice.error.code).toBe('Forbidden');
    const loosened = await c.health.client.ok('action:flag', {
      meetingId,
      actionId: action.id,
      restriction: 'not-for-family',
    });
    expect(loosened).toMatchObject({ restriction: 'not-for-family', withheld: null });
    const { action: seenByEducation } = await c.education.client.waitForAction(action.id, loosened.revision);
    expect(seenByEducation).toMatchObject({ description: `Perinatal referral ${ACTION_CANARY}`, withheld: null });
  });
});
