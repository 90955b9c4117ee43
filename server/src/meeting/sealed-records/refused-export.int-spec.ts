import type { IssuedServiceTokenResponse } from '@roundtable/shared/integrations';
import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import {
  AudienceChecksAndRefusedExports1766585000000,
  audienceIsValid,
} from '../../platform/database/migrations/1766585000000-audience-checks-and-refused-exports';
import { Metrics } from '../../platform';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import type { TestApp } from '../../../test/support/test-app';

const ORGANISATION = 'Testshire County Council';
/** Must never reach the audit trail, a log line's fields or an error body. */
const PROTECTED_NAME = 'Canary Protected-Referrer';
/** An audience kind no route writes and the export schema refuses (AUDIENCE_KINDS has no "everyone"). */
const UNKNOWN_KIND = { kind: 'everyone', agencies: [], userIds: [] };
const POLICE_ONLY = { kind: 'police-only', agencies: [], userIds: [] };

/**
 * A sealed record's JSON export is never dropped silently: the database refuses the audiences that made
 * it fail its schema, and an export that still fails is refused loudly (audit entry, metric, log line,
 * a 409 from the export routes) while the version's PDF and HTML are sealed all the same.
 */
describeOnOneDatabase('a sealed record whose JSON export is refused', (ctx) => {
  const app = (): TestApp => ctx.app;
  const clients: EventsClient[] = [];

  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** A started discussion with a police-only protected person; returns the cast and the person's id. */
  async function withProtectedPerson(): Promise<{ c: MeetingCast; personId: string }> {
    const c = await buildMeetingCast(app(), clients);
    const meetingId = c.meeting.id;
    expect((await app().request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status).toBe(
      200,
    );
    await c.police.client.ok('protected-person:add', {
      meetingId,
      role: 'referrer',
      label: 'the referrer',
      name: PROTECTED_NAME,
      audience: POLICE_ONLY,
    });
    const [row] = (await app().dataSource.query(`SELECT id FROM protected_persons WHERE meeting_id = $1`, [
      meetingId,
    ])) as { id: string }[];
    return { c, personId: row!.id };
  }

  const sql = (query: string, params: unknown[] = []) => app().dataSource.query(query, params);

  async function refusedCount(): Promise<number> {
    const text = await app().get(Metrics).render();
    const match = /^roundtable_record_exports_refused_total (\d+)$/m.exec(text);
    return match ? Number(match[1]) : 0;
  }

  describe('the database', () => {
    it('refuses an audience of a kind the application does not accept, written by hand', async () => {
      const { c, personId } = await withProtectedPerson();
      await expect(
        sql(`UPDATE protected_persons SET audience = $2::jsonb WHERE id = $1`, [
          personId,
          JSON.stringify(UNKNOWN_KIND),
        ]),
      ).rejects.toThrow(/protected_persons_audience_valid/);
      await expect(
        sql(
          `INSERT INTO protected_person_shares (protected_person_id, audience_from, audience_to, reason, shared_by)
           VALUES ($1, $2::jsonb, NULL, 'by hand', $3)`,
          [personId, JSON.stringify(UNKNOWN_KIND), c.police.user.user.id],
        ),
      ).rejects.toThrow(/protected_person_shares_audience_from_valid/);
      const compartment = await c.police.client.ok('compartment:create', {
        meetingId: c.meeting.id,
        sectionKey: 'reason',
        audience: POLICE_ONLY,
      });
      for (const bad of [
        UNKNOWN_KIND,
        { kind: 'named-agencies', agencies: [], userIds: [] },
        { kind: 'police-only' },
      ]) {
        await expect(
          sql(`UPDATE compartments SET audience = $2::jsonb WHERE id = $1`, [compartment.id, JSON.stringify(bad)]),
        ).rejects.toThrow(/compartments_audience_valid/);
      }
      // What the application writes is still accepted, and a lifted audience (NULL) too.
      await sql(`UPDATE protected_persons SET audience = $2::jsonb WHERE id = $1`, [
        personId,
        JSON.stringify({ kind: 'named-agencies', agencies: ['police', 'health'], userIds: [c.chair.user.user.id] }),
      ]);
      await sql(`UPDATE compartments SET audience = NULL WHERE id = $1`, [compartment.id]);
    });

    it('fails the migration on a deployment holding such a row, naming the table and the row, deleting nothing', async () => {
      const { personId } = await withProtectedPerson();
      const migration = new AudienceChecksAndRefusedExports1766585000000();
      const q = app().dataSource.createQueryRunner();
      await q.connect();
      await q.startTransaction();
      try {
        // As the database was before the migration, with a row written by hand.
        await migration.down(q);
        await q.query(`UPDATE protected_persons SET audience = $2::jsonb WHERE id = $1`, [
          personId,
          JSON.stringify(UNKNOWN_KIND),
        ]);
        const failed = await migration.up(q).then(
          () => null,
          (error: Error) => error,
        );
        expect(failed?.message).toMatch(/1 row\(s\) of protected_persons\.audience hold an audience/);
        expect(failed?.message).toContain(personId);
      } finally {
        await q.rollbackTransaction();
        await q.release();
      }
      const [row] = (await sql(`SELECT audience FROM protected_persons WHERE id = $1`, [personId])) as {
        audience: unknown;
      }[];
      expect(row!.audience).toEqual(POLICE_ONLY);
    });
  });

  describe('sealing', () => {
    let reader: IssuedServiceTokenResponse;

    beforeAll(async () => {
      const admin = await app().createUser({ isAdmin: true, agency: 'other' });
      reader = await app().createServiceAccount(await app().signIn(admin), {
        organisation: ORGANISATION,
        scopes: ['records:read'],
      });
    });

    it('seals the PDF and HTML, and the audit entry, the metric and the export routes say the JSON export was refused', async () => {
      const { c, personId } = await withProtectedPerson();
      const meetingId = c.meeting.id;
      await sql(`UPDATE users SET organisation = $2 WHERE id = $1`, [c.chair.user.user.id, ORGANISATION]);
      // The CHECK refuses this row, so it is lifted for this test's own database: what an existing
      // deployment's row written by hand before the migration would be. Put back afterwards.
      await sql(`ALTER TABLE protected_persons DROP CONSTRAINT IF EXISTS protected_persons_audience_valid`);
      try {
        await sql(`UPDATE protected_persons SET audience = $2::jsonb WHERE id = $1`, [
          personId,
          JSON.stringify(UNKNOWN_KIND),
        ]);
        const before = await refusedCount();
        const done = await app().request('POST', `/api/meetings/${meetingId}/conclude`, {
          cookie: c.chair.cookie,
          body: {},
        });
        expect(done.status).toBe(200);

        // Sealed all the same: every variant's PDF and HTML.
        let listed!: SealedRecordListResponse;
        await eventually(async () => {
          const res = await app().request('GET', `/api/meetings/${meetingId}/records`, { cookie: c.chair.cookie });
          listed = res.body as SealedRecordListResponse;
          expect(listed.versions).toHaveLength(1);
        });
        const files = listed.versions[0]!.files;
        expect(
          files
            .filter((f) => f.variant === 'complete')
            .map((f) => f.format)
            .sort(),
        ).toEqual(['html', 'pdf']);

        // The record.sealed entry says, for each member variant, that its JSON export was refused and where.
        const [sealed] = (await sql(
          `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'record.sealed'`,
          [meetingId],
        )) as { details: { files: Record<string, Record<string, unknown>> } }[];
        const variants = Object.entries(sealed!.details.files);
        const members = variants.filter(([variant]) => variant !== 'family');
        expect(members.map(([variant]) => variant)).toEqual(expect.arrayContaining(['complete', 'shared']));
        for (const [, entry] of members) {
          expect(entry.jsonSha256).toBeUndefined();
          expect(entry.jsonExportRefused).toEqual({
            schemaVersion: 1,
            issues: [{ path: 'protectedPersons.0.audience.kind', code: 'invalid_value' }],
            issueCount: 1,
          });
          expect(entry.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
        }
        expect(JSON.stringify(sealed!.details)).not.toContain(PROTECTED_NAME);
        expect(await sql(`SELECT 1 FROM sealed_record_exports WHERE meeting_id = $1`, [meetingId])).toEqual([]);

        // Counted, once per refused member version.
        expect(await refusedCount()).toBe(before + members.length);

        // The export routes answer that it was refused at sealing, not a bare 404.
        const own = await app().request('GET', `/api/meetings/${meetingId}/record-exports/1`, {
          cookie: c.chair.cookie,
        });
        expect(own.status).toBe(409);
        expect(own.body).toMatchObject({ code: 'Conflict' });
        expect(own.body.message).toMatch(/sealed without its JSON export: the export was refused at sealing/);
        expect(own.body.message).toContain('protectedPersons.0.audience.kind');
        const integration = await app().request('GET', `/api/integrations/records/${meetingId}/versions/1`, {
          headers: { authorization: `Bearer ${reader.token}` },
        });
        expect(integration.status).toBe(409);
        expect(integration.body.message).toMatch(/refused at sealing/);
        expect(JSON.stringify([own.body, integration.body])).not.toContain(PROTECTED_NAME);
        // A version that does not exist is still a plain 404.
        const missing = await app().request('GET', `/api/integrations/records/${meetingId}/versions/2`, {
          headers: { authorization: `Bearer ${reader.token}` },
        });
        expect(missing.status).toBe(404);
      } finally {
        await sql(`UPDATE protected_persons SET audience = $2::jsonb WHERE id = $1`, [
          personId,
          JSON.stringify(POLICE_ONLY),
        ]);
        await sql(
          `ALTER TABLE protected_persons ADD CONSTRAINT protected_persons_audience_valid CHECK (${audienceIsValid('audience')})`,
        );
      }
    });
  });
});
