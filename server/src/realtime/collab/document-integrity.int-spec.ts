import fc from 'fast-check';
import type { MeetingRole } from '@roundtable/shared/constants';
import { CLOSE_CODES, documentName } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import { awarenessFrame, RawCollab, SYNC_STEP_1, SYNC_UPDATE, syncFrame } from '../../../test/security/raw-collab';
import { CollabTestClient } from '../../../test/support/collab-client';
import { eventually } from '../../../test/support/eventually';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../../../test/support/test-database';
import { type RawStruct, writeRawUpdate } from '../../../test/support/yjs-update-writer';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';

/** Unloading soon after the last connection, so a reopened document is read from PostgreSQL. */
const ENV = { COLLAB_UNLOAD_AFTER_MS: '100' };
/** The poison update: one item at (c, 0) anchored to the same client's future clock (c, 5000). */
const POISON = Buffer.from('0101959aef3a0084959aef3a88270b73656c662d66757475726500', 'hex');

for (const kind of availableDatabaseKinds()) {
  describe(`document integrity [${kind} PostgreSQL]`, () => {
    let database: DatabaseHandle;
    let app: TestApp;
    const cleanups: (() => void)[] = [];

    beforeAll(async () => {
      database = await startTestDatabase(kind);
      app = await TestApp.start(database, ENV);
    });

    afterEach(() => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    });

    afterAll(async () => {
      await app?.close();
      await database?.stop();
    });

    /** A meeting chaired by a new user, with new members in the given roles, everyone signed in. */
    async function meetingWith(...roles: MeetingRole[]) {
      const chair = await app.createUser({ displayName: 'Chair Person', agency: 'childrens-social-care' });
      const members: TestUser[] = [];
      for (const role of roles) members.push(await app.createUser({ displayName: `Member ${role}`, agency: 'health' }));
      const { meeting, chairCookie } = await app.createMeeting(
        chair,
        members.map((member, i) => ({ member, role: roles[i] as MeetingRole })),
      );
      const cookies = await Promise.all(members.map((m) => app.signIn(m)));
      return { meetingId: meeting.id, chairCookie, members, cookies, name: documentName(meeting.id, 'record') };
    }

    async function provider(meetingId: string, cookie: string, link: { sendDelayMs?: number } = {}) {
      const client = new CollabTestClient(app.url, cookie, meetingId, 'record', link);
      cleanups.push(() => client.destroy());
      await client.synced();
      return client;
    }

    async function raw(meetingId: string, cookie: string): Promise<RawCollab> {
      const opened = await RawCollab.open(app.url, cookie, meetingId, 'record');
      if (typeof opened === 'string') throw new Error(opened);
      cleanups.push(() => opened.close());
      // Ask for everything, as a provider does: the server's sync step 2 mirrors what it holds into the raw doc.
      opened.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(opened.doc)));
      await opened.until(() => opened.frames.some((f) => f[0] === 0 && f[1] === 1));
      return opened;
    }

    async function storedRows(name: string): Promise<{ id: string; user_id: string | null; update: Buffer }[]> {
      return app.dataSource.query(
        `SELECT id::text AS id, user_id, update FROM document_updates WHERE document_name = $1 ORDER BY id`,
        [name],
      );
    }

    async function recordHistory(meetingId: string) {
      const auditor = await app.createUser({ agency: 'other', isAuditor: true });
      const cookie = await app.signIn(auditor);
      return app.request('GET', `/api/audit/meetings/${meetingId}/record-history?reason=integrity%20check`, { cookie });
    }

    it('refuses an update Yjs could never apply with 4522: nothing is stored, others carry on, history answers', async () => {
      const { meetingId, cookies, members, name } = await meetingWith('participant', 'participant');
      const alice = await provider(meetingId, cookies[0]!);
      alice.type('Bruising seen.');
      await eventually(async () => expect(await storedRows(name)).toHaveLength(1));
      const bob = await raw(meetingId, cookies[1]!);
      bob.send(syncFrame(SYNC_UPDATE, POISON));
      await bob.until(() => bob.closeCode !== null);
      expect(bob.closeCode).toBe(CLOSE_CODES.updateNotApplicable);
      expect(await storedRows(name)).toHaveLength(1);
      await eventually(async () => {
        const refusals: { details: { reason: string } }[] = await app.dataSource.query(
          `SELECT details FROM audit_events WHERE type = 'access.refused' AND actor_user_id = $1`,
          [members[1]!.user.id],
        );
        expect(refusals.map((r) => r.details.reason)).toEqual(['update-not-applicable']);
      });
      alice.type(' Police informed.');
      await eventually(async () => expect(await storedRows(name)).toHaveLength(2));
      const history = await recordHistory(meetingId);
      expect(history.status).toBe(200);
      expect(history.body.setAside).toEqual([]);
    });

    /** Resolves once every frame the raw client sent so far has been handled (its sync step 1 is answered). */
    async function handled(client: RawCollab): Promise<void> {
      const answers = () => client.frames.filter((f) => f[0] === 0 && f[1] === 1).length;
      const before = answers();
      client.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(client.doc)));
      await client.until(() => answers() > before || client.closeCode !== null);
      expect(client.closeCode).toBeNull();
    }

    /**
     * Runs `during` while the test holds the document's log lock (the one append_document_updates
     * takes): what is accepted meanwhile waits to be written, so it is not applied either.
     */
    async function whileLogLocked(name: string, during: () => Promise<void>): Promise<void> {
      const lock = app.dataSource.createQueryRunner();
      await lock.connect();
      try {
        await lock.startTransaction();
        await lock.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`collab-log:${name}`]);
        await during();
      } finally {
        if (lock.isTransactionActive) await lock.rollbackTransaction();
        await lock.release();
      }
    }

    /** Resolves once an append waits for the log lock. */
    async function appendWaiting(): Promise<void> {
      await eventually(async () => {
        const [waiting] = await app.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%append_document_updates%'`,
        );
        expect(waiting.n).toBe(1);
      });
    }

    async function refusalsIn(meetingId: string) {
      const rows: { actor_user_id: string; subject_id: string; details: { channel: string; reason: string } }[] =
        await app.dataSource.query(
          `SELECT actor_user_id, subject_id, details FROM audit_events
            WHERE type = 'access.refused' AND meeting_id = $1 ORDER BY actor_user_id`,
          [meetingId],
        );
      return rows;
    }

    it('audits a 4522 refusal made just before writing, for the refused sender and for one whose update depended on it', async () => {
      const { meetingId, cookies, members, name } = await meetingWith('participant', 'participant', 'participant');
      const [aliceUser, bobUser, carolUser] = members.map((m) => m.user.id);
      const alice = await provider(meetingId, cookies[0]!);
      const bob = await raw(meetingId, cookies[1]!);
      const carol = await raw(meetingId, cookies[2]!);
      // Alice's first edit is accepted but not written, hence not applied, while Bob and Carol send theirs.
      await whileLogLocked(name, async () => {
        alice.type('ab');
        await appendWaiting();
        const aliceId = alice.doc.clientID;
        // Anchored to Alice's unwritten item, its right origin left of its origin: accepted now, checked later.
        bob.send(
          syncFrame(
            SYNC_UPDATE,
            writeRawUpdate([
              {
                kind: 'item',
                client: 9,
                clock: 0,
                text: 'Z',
                origin: { client: aliceId, clock: 1 },
                rightOrigin: { client: aliceId, clock: 0 },
              },
            ]),
          ),
        );
        await handled(bob);
        // Carol builds on Bob's item: without it, hers does not apply whole.
        carol.send(
          syncFrame(
            SYNC_UPDATE,
            writeRawUpdate([{ kind: 'item', client: 10, clock: 0, text: 'W', origin: { client: 9, clock: 0 } }]),
          ),
        );
        await handled(carol);
      });
      await bob.until(() => bob.closeCode !== null);
      await carol.until(() => carol.closeCode !== null);
      expect([bob.closeCode, carol.closeCode]).toEqual([
        CLOSE_CODES.updateNotApplicable,
        CLOSE_CODES.updateNotApplicable,
      ]);
      await eventually(async () =>
        expect(await refusalsIn(meetingId)).toEqual(
          [bobUser, carolUser].sort().map((actor) => ({
            actor_user_id: actor,
            subject_id: name,
            details: expect.objectContaining({ channel: 'collab', reason: 'update-not-applicable' }),
          })),
        ),
      );
      const rows = await storedRows(name);
      expect(rows.map((r) => r.user_id)).toEqual([aliceUser]);
      expect(alice.closeCodes).toEqual([]);
      await eventually(() => expect(alice.text()).toBe('ab'));
    });

    it('audits an update the database refuses because another instance bound its clientID first', async () => {
      const { meetingId, cookies, members, name } = await meetingWith('participant', 'participant', 'participant');
      const [aliceUser, bobUser, carolUser] = members.map((m) => m.user.id);
      const bob = await raw(meetingId, cookies[1]!);
      const carol = await raw(meetingId, cookies[2]!);
      await whileLogLocked(name, async () => {
        bob.send(
          syncFrame(SYNC_UPDATE, writeRawUpdate([{ kind: 'item', client: 77, clock: 0, text: 'x', parent: 'notes' }])),
        );
        await handled(bob);
        carol.send(
          syncFrame(SYNC_UPDATE, writeRawUpdate([{ kind: 'item', client: 78, clock: 0, text: 'y', parent: 'notes' }])),
        );
        await handled(carol);
        await appendWaiting();
        // What another instance serving Alice would have done meanwhile: bind 77 to her.
        await app.dataSource.query(
          `INSERT INTO document_client_ids (document_name, client_id, user_id) VALUES ($1, 77, $2)`,
          [name, aliceUser],
        );
      });
      // Bob's batch is lost, closed as not stored: which update was at fault is known only once the
      // bindings are read afresh. Carol's update, written after it, is stored.
      await bob.until(() => bob.closeCode !== null);
      expect(bob.closeCode).toBe(CLOSE_CODES.storageUnavailable);
      await eventually(async () => expect((await storedRows(name)).map((r) => r.user_id)).toEqual([carolUser]));
      expect(carol.closeCode).toBeNull();
      await eventually(async () =>
        expect(await refusalsIn(meetingId)).toEqual([
          {
            actor_user_id: bobUser,
            subject_id: name,
            details: expect.objectContaining({ channel: 'collab', reason: 'client-id-taken' }),
          },
        ]),
      );
    });

    it("refuses an update under another member's clientID with 4509, and loses none of the owner's keystrokes", async () => {
      const { meetingId, cookies, members, name } = await meetingWith('participant', 'participant');
      // The victim on a slow link (every frame out 150 ms late), as in the reproduction.
      const alice = await provider(meetingId, cookies[0]!, { sendDelayMs: 150 });
      const aliceClientId = alice.doc.clientID;
      alice.type('Alice typed this.');
      await eventually(async () => expect(await storedRows(name)).toHaveLength(1));
      const bob = await raw(meetingId, cookies[1]!);
      await bob.until(() => Y.getState(bob.doc.store, aliceClientId) > 0);
      const clock = Y.getState(bob.doc.store, aliceClientId);
      // Items under Alice's clientID after her last clock, and a long GC run: what a forger would send.
      const forged: RawStruct[] = [
        {
          kind: 'item',
          client: aliceClientId,
          clock,
          text: ' Not Alice.',
          origin: { client: aliceClientId, clock: clock - 1 },
        },
        { kind: 'gc', client: aliceClientId, clock: clock + 11, length: 1_000 },
      ];
      bob.send(syncFrame(SYNC_UPDATE, writeRawUpdate(forged)));
      await bob.until(() => bob.closeCode !== null);
      expect(bob.closeCode).toBe(CLOSE_CODES.clientIdTaken);
      for (const letter of ' Then more, letter by letter.') alice.type(letter);
      const expected = 'Alice typed this. Then more, letter by letter.';
      await eventually(() => expect(alice.text()).toBe(expected));
      // Alice never had to change her clientID, and a fresh client sees every keystroke.
      expect(alice.doc.clientID).toBe(aliceClientId);
      const fresh = await provider(meetingId, cookies[0]!);
      await eventually(() => expect(fresh.text()).toBe(expected));
      const senders = new Set((await storedRows(name)).map((r) => r.user_id));
      expect(senders).toEqual(new Set([members[0]!.user.id]));
    });

    it("keeps a colleague's presence clientID theirs across a restart", async () => {
      const { meetingId, cookies, members, name } = await meetingWith('participant', 'participant', 'participant');
      const alice = await provider(meetingId, cookies[0]!);
      const aliceClientId = alice.doc.clientID;
      await eventually(async () => {
        const rows: { user_id: string }[] = await app.dataSource.query(
          `SELECT user_id FROM document_client_ids WHERE document_name = $1 AND client_id = $2`,
          [name, aliceClientId],
        );
        expect(rows).toEqual([{ user_id: members[0]!.user.id }]);
      });
      alice.destroy();
      await app.close();
      app = await TestApp.start(database, ENV);
      // After the restart, Bob is first in and claims Alice's clientID for his presence.
      const watcher = await provider(meetingId, cookies[2]!);
      const bob = await raw(meetingId, cookies[1]!);
      bob.send(awarenessFrame(aliceClientId, 1, { user: { name: 'Alice (really Bob)' } }));
      bob.send(awarenessFrame(777_001, 1, { cursor: null }));
      await eventually(() => expect(watcher.presentNames()).toContain('Member participant'));
      expect(watcher.provider.awareness.getStates().has(aliceClientId)).toBe(false);
    });

    it('quarantines stored updates that can never be applied, audits it, and serves and replays the rest', async () => {
      const { meetingId, members, cookies, name } = await meetingWith('participant');
      // A log as an earlier version stored it: a good edit, the poison, and a good edit after it.
      const writer = new Y.Doc();
      writer.getText('notes').insert(0, 'Kept.');
      const first = Y.encodeStateAsUpdate(writer);
      const before = Y.encodeStateVector(writer);
      writer.getText('notes').insert(5, ' Also kept.');
      const second = Y.encodeStateAsUpdate(writer, before);
      const userId = members[0]!.user.id;
      for (const update of [first, POISON, second]) {
        await app.dataSource.query(
          `INSERT INTO document_updates (document_name, update, user_id) VALUES ($1, $2, $3)`,
          [name, Buffer.from(update), userId],
        );
      }
      await app.dataSource.query(`INSERT INTO document_integrity_unchecked (document_name) VALUES ($1)`, [name]);
      const [poisonRow] = (await storedRows(name)).slice(1, 2);

      const client = await provider(meetingId, cookies[0]!);
      expect(client.text()).toBe('Kept. Also kept.');
      expect((await storedRows(name)).map((r) => r.id)).not.toContain(poisonRow!.id);
      const quarantined: { id: string; user_id: string; problem: string }[] = await app.dataSource.query(
        `SELECT id::text AS id, user_id, problem FROM document_update_quarantine WHERE document_name = $1`,
        [name],
      );
      expect(quarantined).toEqual([{ id: poisonRow!.id, user_id: userId, problem: 'forward-reference' }]);
      const audited: { details: { updateId: string; problem: string } }[] = await app.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'document.update-quarantined' AND meeting_id = $1`,
        [meetingId],
      );
      expect(audited.map((a) => a.details)).toEqual([
        expect.objectContaining({ updateId: poisonRow!.id, problem: 'forward-reference' }),
      ]);
      const owners: { client_id: string; user_id: string }[] = await app.dataSource.query(
        `SELECT client_id::text AS client_id, user_id FROM document_client_ids WHERE document_name = $1`,
        [name],
      );
      expect(owners).toContainEqual({ client_id: String(writer.clientID), user_id: userId });
      // Quarantine is evidence: it cannot be changed or emptied.
      await expect(
        app.dataSource.query(`DELETE FROM document_update_quarantine WHERE document_name = $1`, [name]),
      ).rejects.toThrow(/append-only/);

      const history = await recordHistory(meetingId);
      expect(history.status).toBe(200);
      expect(history.body.setAside).toEqual([
        expect.objectContaining({
          updateId: poisonRow!.id,
          problem: 'forward-reference',
          sentBy: expect.objectContaining({ userId }),
        }),
      ]);
    });

    it('stores only what replays cleanly, under its sender’s clientIDs, whatever a hostile member sends (fast-check)', async () => {
      const { meetingId, cookies, members, name } = await meetingWith('participant', 'participant');
      const alice = await provider(meetingId, cookies[0]!);
      alice.type('Start.');
      await eventually(async () => expect(await storedRows(name)).toHaveLength(1));
      const aliceClientId = alice.doc.clientID;
      let bob = await raw(meetingId, cookies[1]!);
      const bobClientId = 9_000_001;
      const outcomes = { accepted: 0, refused: 0, known: 0 };
      let probes = 0;

      const id = fc.record({
        client: fc.constantFrom(aliceClientId, bobClientId, 12_345),
        clock: fc.oneof({ weight: 3, arbitrary: fc.nat(8) }, fc.nat(5_000)),
      });
      const struct = fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant('item' as const),
            text: fc.string({ minLength: 1, maxLength: 4 }),
            origin: fc.option(id, { nil: undefined, freq: 1 }),
            rightOrigin: fc.option(id, { nil: undefined, freq: 2 }),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constantFrom('gc' as const, 'skip' as const),
            length: fc.integer({ min: 1, max: 50 }),
          }),
        },
      );
      const hostile = fc.record({
        client: fc.constantFrom(bobClientId, bobClientId, aliceClientId, 12_345),
        // Usually right after what the server holds of the client, sometimes anywhere.
        aligned: fc.boolean(),
        start: fc.nat(200),
        structs: fc.array(struct, { minLength: 1, maxLength: 3 }),
        deletes: fc.array(
          fc.record({
            client: fc.constantFrom(aliceClientId, bobClientId),
            clock: fc.nat(40),
            length: fc.integer({ min: 1, max: 5 }),
          }),
          { maxLength: 1 },
        ),
      });

      await fc.assert(
        fc.asyncProperty(hostile, async (h) => {
          if (bob.closeCode !== null) bob = await raw(meetingId, cookies[1]!);
          let clock = h.aligned ? Y.getState(bob.doc.store, h.client) : h.start;
          const structs: RawStruct[] = h.structs.map((s) => {
            const at = clock;
            if (s.kind === 'item') {
              clock += s.text.length;
              return { ...s, client: h.client, clock: at };
            }
            clock += s.length;
            return { ...s, client: h.client, clock: at };
          });
          const before = (await storedRows(name)).length;
          bob.send(syncFrame(SYNC_UPDATE, writeRawUpdate(structs, h.deletes)));
          // A probe Bob may always send (a clientID of his own, from clock 0), handled after the
          // hostile update: once it is stored, the hostile update's fate is known.
          const probe = writeRawUpdate([
            { kind: 'item', client: 20_000_000 + probes++, clock: 0, text: 'p', parent: 'probe' },
          ]);
          bob.send(syncFrame(SYNC_UPDATE, probe));
          await eventually(async () => {
            const rows = await storedRows(name);
            const probeStored = rows.some((r) => Buffer.from(probe).equals(r.update));
            expect(bob.closeCode !== null || probeStored).toBe(true);
          }, 5_000);
          if (bob.closeCode !== null) outcomes.refused++;
          else if ((await storedRows(name)).length === before + 2) outcomes.accepted++;
          else outcomes.known++;
          // Alice keeps typing throughout.
          alice.type('.');
        }),
        { numRuns: 150 },
      );
      expect(outcomes.refused).toBeGreaterThan(5);
      expect(outcomes.accepted).toBeGreaterThan(5);

      // Every stored row replays cleanly, in order, into exactly the state the clients hold.
      await eventually(async () => {
        const rows = await storedRows(name);
        const replay = new Y.Doc();
        for (const row of rows) Y.applyUpdate(replay, row.update);
        expect(replay.store.pendingStructs).toBeNull();
        expect(replay.store.pendingDs).toBeNull();
        expect(replay.getText('notes').toString()).toBe(alice.text());
        expect(Y.encodeStateVector(replay)).toEqual(Y.encodeStateVector(alice.doc));
      });
      // Every clientID a row creates structs with belongs to that row's sender.
      const owners = new Map<number, string>(
        (
          (await app.dataSource.query(
            `SELECT client_id::text AS client_id, user_id FROM document_client_ids WHERE document_name = $1`,
            [name],
          )) as { client_id: string; user_id: string }[]
        ).map((o) => [Number(o.client_id), o.user_id]),
      );
      for (const row of await storedRows(name)) {
        for (const s of Y.decodeUpdate(row.update).structs) {
          if (s.constructor.name === 'Skip') continue;
          expect(owners.get(s.id.client)).toBe(row.user_id);
        }
      }
      expect(owners.get(aliceClientId)).toBe(members[0]!.user.id);
      const history = await recordHistory(meetingId);
      expect(history.status).toBe(200);
    });
  });
}
