import { CLOSE_CODES, documentName } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { CollabTestClient } from '../../../test/support/collab-client';
import { eventually } from '../../../test/support/eventually';
import { DocumentStore } from './document-store.service';

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
    const { meeting } = await ctx.app.createMeeting(chair, [{ member: police, role: 'participant' }]);
    return { meeting, policeCookie: await ctx.app.signIn(police) };
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
    const audit: { details: { reason: string } }[] = await ctx.app.dataSource.query(
      `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'access.refused'`,
      [meeting.id],
    );
    expect(audit.map((a) => a.details.reason)).toContain('restricted-mark');
  });
});
