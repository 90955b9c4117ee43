import { randomUUID } from 'node:crypto';
import type { FgdmState } from '@roundtable/shared/fgdm';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { WebSocket } from 'ws';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { signInFamilyMember } from '../../../test/support/family';
import { FamilyPlanClient } from '../../../test/support/family-plan-client';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { DocumentEditAudit } from './document-edit-audit.service';

/** The status a raw upgrade to `/collab/<name>` gets, or 'open'. */
function upgradeStatus(baseUrl: string, name: string, cookie: string, origin = baseUrl): Promise<number | 'open'> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/collab/${name}`, { headers: { cookie, origin } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}

describeOnOneDatabase('the family plan in private family time', (ctx) => {
  it('opens only for the family, who write it together live; professionals receive none of it until it is presented', async () => {
    const coordinator = await ctx.app.createUser({ agency: 'other' });
    const police = await ctx.app.createUser({ agency: 'police' });
    const { meeting, chairCookie } = await ctx.app.createMeeting(
      coordinator,
      [{ member: police, role: 'participant' }],
      {
        type: 'fgdm',
      },
    );
    const id = meeting.id;
    const policeCookie = await ctx.app.signIn(police);
    const parent = await signInFamilyMember(ctx.app, chairCookie, id, {
      displayName: 'Alex Parent',
      email: 'alex.parent@example.test',
      relationship: 'parent',
    });
    const aunt = await signInFamilyMember(ctx.app, chairCookie, id, {
      displayName: 'Jo Aunt',
      email: 'jo.aunt@example.test',
      relationship: 'family-network',
    });
    const name = `meetings/${id}/family-plan`;
    const canary = `CANARY-${randomUUID()}`;

    // Everything the coordinator's socket.io client receives, byte for byte.
    const events = await EventsClient.connect(ctx.app.url, { cookie: chairCookie });
    let received = '';
    const engine = (events.socket as unknown as { io: { engine: { on(e: string, f: (p: unknown) => void): void } } }).io
      .engine;
    engine.on('packet', (packet) => (received += JSON.stringify(packet)));
    expect((await events.emit('meeting:join', { meetingId: id })).ok).toBe(true);

    const professional = new FamilyPlanClient(ctx.app.url, chairCookie, id);
    const first = new FamilyPlanClient(ctx.app.url, parent.cookie, id);
    const second = new FamilyPlanClient(ctx.app.url, aunt.cookie, id);
    try {
      // Professionals, the coordinator included, get the 404 of an unknown document, always.
      expect(await upgradeStatus(ctx.app.url, name, chairCookie)).toBe(404);
      expect(await upgradeStatus(ctx.app.url, name, policeCookie)).toBe(404);
      expect(await upgradeStatus(ctx.app.url, `meetings/${id}/no-such-document`, chairCookie)).toBe(404);
      expect(await upgradeStatus(ctx.app.url, name, parent.cookie, 'https://evil.example')).toBe(403);
      // A family member of this meeting cannot open another FGDM's plan.
      const { meeting: other } = await ctx.app.createMeeting(coordinator, [], { type: 'fgdm' });
      expect(await upgradeStatus(ctx.app.url, `meetings/${other.id}/family-plan`, parent.cookie)).toBe(404);

      await Promise.all([first.synced(), second.synced()]);
      for (const stage of ['information-giving', 'private-family-time']) {
        const moved = await ctx.app.request('POST', `/api/meetings/${id}/fgdm/stages`, {
          cookie: chairCookie,
          body: { stage },
        });
        expect(moved.status).toBe(201);
      }
      first.write(`We keep them safe. ${canary}`);
      await eventually(() => expect(second.text()).toContain(canary));
      second.write('Jo collects them from school.');
      await eventually(() => expect(first.text()).toContain('Jo collects them from school.'));
      expect(first.text()).toBe(second.text());

      // Stored before relay, attributed to the family member who wrote it.
      const writers = (await ctx.app.dataSource.query(
        `SELECT DISTINCT user_id FROM document_updates WHERE document_name = $1`,
        [name],
      )) as { user_id: string }[];
      expect(writers.map((w) => w.user_id).sort()).toEqual([parent.participantId, aunt.participantId].sort());

      // Nothing a professional receives has the draft: REST reads, socket.io, y-websocket.
      const reads = [
        await ctx.app.request('GET', `/api/meetings/${id}/fgdm`, { cookie: chairCookie }),
        await ctx.app.request('GET', `/api/meetings/${id}/fgdm`, { cookie: policeCookie }),
        await ctx.app.request('GET', `/api/meetings/${id}`, { cookie: chairCookie }),
      ];
      for (const read of reads) {
        expect(read.status).toBe(200);
        expect(JSON.stringify(read.body)).not.toContain(canary);
      }
      expect(professional.opened).toBe(false);
      expect(professional.text()).toBe('');
      expect(received.length).toBeGreaterThan(0);
      expect(received).not.toContain(canary);

      // Once presented, the professionals read it.
      const presented = await parent.agent.request('POST', '/api/family/fgdm/plan/presentations', { body: {} });
      expect(presented.status).toBe(201);
      const after = await ctx.app.request('GET', `/api/meetings/${id}/fgdm`, { cookie: policeCookie });
      expect((after.body as FgdmState).presentations[0]!.text).toContain(canary);
      expect((after.body as FgdmState).privateFamilyTime).toEqual([
        expect.objectContaining({ startedAt: expect.any(String), endedAt: null }),
      ]);
      expect(received).not.toContain(canary);

      // Edits are audited with no actor: the family member is the subject.
      const opened = (await ctx.app.dataSource.query(
        `SELECT actor_user_id, subject_type FROM audit_events WHERE type = 'document.opened' AND subject_id = $1`,
        [parent.participantId],
      )) as { actor_user_id: string | null; subject_type: string }[];
      expect(opened[0]).toEqual({ actor_user_id: null, subject_type: 'family-participant' });
      await ctx.app.get(DocumentEditAudit).flush();
      const edited = (await ctx.app.dataSource.query(
        `SELECT actor_user_id, subject_id, details FROM audit_events WHERE type = 'document.edited' AND meeting_id = $1`,
        [id],
      )) as { actor_user_id: string | null; subject_id: string; details: Record<string, unknown> }[];
      expect(edited.map((e) => [e.actor_user_id, e.subject_id]).sort()).toEqual(
        [
          [null, parent.participantId],
          [null, aunt.participantId],
        ].sort(),
      );
      expect(JSON.stringify(edited)).not.toContain(canary);

      // Closing the meeting closes the family's connections and the document to them.
      for (const stage of ['plan-presentation', 'response', 'closed']) {
        const moved = await ctx.app.request('POST', `/api/meetings/${id}/fgdm/stages`, {
          cookie: chairCookie,
          body: { stage },
        });
        expect(moved.status).toBe(201);
      }
      await eventually(() => expect(first.closeCodes).toContain(CLOSE_CODES.accessRevoked));
      expect(await upgradeStatus(ctx.app.url, name, parent.cookie)).toBe(404);
    } finally {
      professional.destroy();
      first.destroy();
      second.destroy();
      events.close();
    }
  });
});
