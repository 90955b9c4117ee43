import { randomUUID } from 'node:crypto';
import { CLOSE_CODES, COMPARTMENT_FRAGMENT, compartmentDocumentName, documentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { CollabTestClient } from '../../../test/support/collab-client';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { TestApp } from '../../../test/support/test-app';
import { RawCollab, SYNC_STEP_1, syncFrame } from '../../../test/security/raw-collab';
import { DocumentStore } from './document-store.service';
import { DocumentRepository } from './document.repository';
import { INLINE_MARK_MIGRATION, InlineMarkMigration } from './inline-mark-migration.service';

const SECTION = 'agency-information';

/** Types a paragraph into a record section, its text carrying the `restricted` mark of `kind` (or none). */
function typeParagraph(doc: Y.Doc, text: string, kind?: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  paragraph.insert(0, [run]);
  doc.getXmlFragment(SECTION).push([paragraph]);
  run.insert(0, text, kind ? { restricted: { kind } } : {});
}

describeOnOneDatabase('inline "police restricted" marks', (ctx) => {
  const clients: CollabTestClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  async function meetingWithPolice() {
    const chair = await ctx.app.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' });
    const police = await ctx.app.createUser({ displayName: 'Priya Police', agency: 'police' });
    const education = await ctx.app.createUser({ displayName: 'Ed Education', agency: 'education' });
    const observer = await ctx.app.createUser({ displayName: 'Olive Observer', agency: 'health' });
    const { meeting } = await ctx.app.createMeeting(chair, [
      { member: police, role: 'participant' },
      { member: education, role: 'participant' },
      { member: observer, role: 'observer' },
    ]);
    return { meeting, police, education, observer, policeCookie: await ctx.app.signIn(police) };
  }

  const storedText = async (meetingId: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await ctx.app.get(DocumentStore).encodeState(documentName(meetingId, 'record')));
    const text = doc.getXmlFragment(SECTION).toString();
    doc.destroy();
    return text;
  };

  it('refuses a new police-restricted mark in the shared record, says why, and stores none of it', async () => {
    const { meeting, policeCookie } = await meetingWithPolice();
    const client = await CollabTestClient.connected(ctx.app.url, policeCookie, meeting.id);
    clients.push(client);
    // A "not for the family" mark is a family-version filter: still allowed.
    typeParagraph(client.doc, 'Mother works nights.', 'not-for-family');
    await eventually(async () => expect(await storedText(meeting.id)).toContain('Mother works nights.'));

    typeParagraph(client.doc, 'CANARY-INLINE-POLICE', 'police-restricted');
    await eventually(() => expect(client.closeCodes).toContain(CLOSE_CODES.restrictedMarkRefused));
    client.provider.disconnect();
    expect(await storedText(meeting.id)).not.toContain('CANARY-INLINE-POLICE');
    // The refusal is audited as the connection closes, not before: wait for the entry.
    await eventually(async () => {
      const audit: { details: { reason: string } }[] = await ctx.app.dataSource.query(
        `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'access.refused'`,
        [meeting.id],
      );
      expect(audit.map((a) => a.details.reason)).toContain('restricted-mark');
    });
  });

  it('moves existing police-restricted text into a police-only compartment at start-up: nothing exposed, nothing lost', async () => {
    const { meeting, police, education, observer } = await meetingWithPolice();
    const canary = `CANARY-${randomUUID()}`;
    // The record as the old path stored it: a passage marked inside a paragraph, and a whole marked paragraph.
    const old = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const run = new Y.XmlText();
    paragraph.insert(0, [run]);
    old.getXmlFragment(SECTION).push([paragraph]);
    run.insert(0, 'School attendance is good. ');
    run.insert(run.length, `Intelligence: ${canary}.`, { restricted: { kind: 'police-restricted' } });
    typeParagraph(old, `Second ${canary} paragraph.`, 'police-restricted');
    typeParagraph(old, 'Not for the family: mother works nights.', 'not-for-family');
    await ctx.app
      .get(DocumentRepository)
      .append(documentName(meeting.id, 'record'), [{ update: Y.encodeStateAsUpdate(old), userId: police.user.id }]);
    old.destroy();

    // A restart runs the data migration (this app ran it already, on an empty database).
    await ctx.app.dataSource.query(`DELETE FROM data_migrations WHERE name = $1`, [INLINE_MARK_MIGRATION]);
    await ctx.app.close();
    ctx.app = await TestApp.start(ctx.database);

    const [compartment, ...more]: { id: string; owner_agency: string; audience: unknown; created_by: null }[] =
      await ctx.app.dataSource.query(`SELECT * FROM compartments WHERE meeting_id = $1`, [meeting.id]);
    expect(more).toEqual([]);
    expect(compartment).toMatchObject({
      owner_agency: 'police',
      section_key: SECTION,
      audience: { kind: 'police-only', agencies: [], userIds: [] },
      created_by: null,
    });
    const migrated = await ctx.app.dataSource.query(
      `SELECT actor_user_id, subject_id, details FROM audit_events WHERE type = 'compartment.migrated' AND meeting_id = $1`,
      [meeting.id],
    );
    expect(migrated).toEqual([
      expect.objectContaining({ subject_id: compartment!.id, details: expect.objectContaining({ paragraphs: 2 }) }),
    ]);
    expect(JSON.stringify(migrated)).not.toContain(canary);
    // Once only: a second run changes nothing.
    expect(await ctx.app.get(InlineMarkMigration).run()).toBe(0);

    // Education and an observer sync the record: every byte they receive, and no trace of the text.
    for (const member of [education, observer]) {
      const raw = await RawCollab.open(ctx.app.url, await ctx.app.signIn(member), meeting.id, 'record');
      if (typeof raw === 'string') throw new Error(raw);
      try {
        raw.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(new Y.Doc())));
        await raw.until(() => raw.doc.getXmlFragment(SECTION).toString().includes('attendance'));
        const bytes = Buffer.concat(raw.frames.map((f) => Buffer.from(f)));
        expect(bytes.includes(canary)).toBe(false);
        expect(bytes.includes('Intelligence')).toBe(false);
        expect(bytes.includes('police-restricted')).toBe(false);
        const text = raw.doc.getXmlFragment(SECTION).toString();
        expect(text).toContain('School attendance is good.');
        expect(text).toContain('mother works nights');
      } finally {
        raw.close();
      }
    }

    // The auditors' justified record history shows it in its compartment, and who first wrote it back in the record.
    const auditor = await ctx.app.createUser({ agency: 'other', isAuditor: true });
    const historyPath = `/api/audit/meetings/${meeting.id}/record-history?reason=${encodeURIComponent('Case audit')}`;
    const history = await ctx.app.request('GET', historyPath, { cookie: await ctx.app.signIn(auditor) });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body.sections)).not.toContain(canary);
    expect(history.body.compartments).toEqual([
      expect.objectContaining({ id: compartment!.id, sectionKey: SECTION, audience: 'Police only' }),
    ]);
    expect(JSON.stringify(history.body.compartments[0].blocks)).toContain(`Intelligence: ${canary}.`);

    // Police read it in the compartment, beside the section.
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      `${ctx.app.wsUrl}/collab`,
      compartmentDocumentName(meeting.id, compartment!.id),
      doc,
      { WebSocketPolyfill: cookieWebSocket(await ctx.app.signIn(police), ctx.app.url) as never, disableBc: true },
    );
    try {
      await eventually(() => {
        const text = doc.getXmlFragment(COMPARTMENT_FRAGMENT).toString();
        expect(text).toContain(`Intelligence: ${canary}.`);
        expect(text).toContain(`Second ${canary} paragraph.`);
      });
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });
});
