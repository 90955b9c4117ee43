import type { ClientRequest, IncomingMessage } from 'node:http';
import type { MeetingRole } from '@roundtable/shared/constants';
import { documentName } from '@roundtable/shared/realtime';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { blockText, documentBlocks } from '../../realtime/collab/document-text';
import { describeEachDatabase } from '../../../test/support/each-database';
import type { TestUser } from '../../../test/support/test-app';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';

const SECTION = 'family-rules';

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  denied: string[];
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
      response.resume();
      request.destroy();
      resolve(response.statusCode ?? 0);
    });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('error', reject);
  });
}

/** A paragraph as TipTap stores it, with a passage flagged by the `restricted` mark. */
function writeFlaggedParagraph(doc: Y.Doc, plain: string, flagged: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment(SECTION).insert(0, [paragraph]);
    text.insert(0, plain, { restricted: null });
    text.insert(plain.length, flagged, { restricted: { kind: 'not-for-family' } });
  });
}

describeEachDatabase('safety plan document', (ctx) => {
  const clients: Client[] = [];

  afterEach(() => {
    for (const client of clients.splice(0)) {
      client.provider.destroy();
      client.doc.destroy(); // stops the awareness interval
    }
  });

  async function meetingWith(...roles: MeetingRole[]) {
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    const members: TestUser[] = [];
    for (const role of roles) members.push(await ctx.app.createUser({ agency: 'police', displayName: `M ${role}` }));
    const { meeting } = await ctx.app.createMeeting(
      chair,
      members.map((member, i) => ({ member, role: roles[i]! })),
    );
    const cookies = await Promise.all(members.map((m) => ctx.app.signIn(m)));
    return { meetingId: meeting.id, name: documentName(meeting.id, 'safety-plan'), cookies };
  }

  async function connected(meetingId: string, auth: { cookie: string } | { ticket: string }): Promise<Client> {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, documentName(meetingId, 'safety-plan'), doc, {
      WebSocketPolyfill: ('cookie' in auth ? cookieWebSocket(auth.cookie, ctx.app.url) : WebSocket) as never,
      params: 'ticket' in auth ? { ticket: auth.ticket } : {},
      disableBc: true,
      maxBackoffTime: 300,
    });
    const client: Client = { doc, provider, denied: [] };
    provider.messageHandlers[2] = (_encoder, decoder) =>
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => client.denied.push(reason));
    clients.push(client);
    await new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      provider.on('sync', (synced: boolean) => synced && resolve());
    });
    return client;
  }

  const storedBlocks = async (name: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await ctx.app.get(CollabDocumentRegistry).encodeState(name));
    const blocks = documentBlocks(doc.getXmlFragment(SECTION));
    doc.destroy();
    return blocks;
  };

  it('is a second live document: members co-edit it, flags stay with the text, the record is untouched', async () => {
    const { meetingId, name, cookies } = await meetingWith('participant', 'participant');
    const alice = await connected(meetingId, { cookie: cookies[0]! });
    const bob = await connected(meetingId, { cookie: cookies[1]! });
    writeFlaggedParagraph(alice.doc, 'Dean does not stay overnight. ', 'Dad is under investigation.');
    await eventually(() => expect(documentBlocks(bob.doc.getXmlFragment(SECTION)).map(blockText)).toHaveLength(1));
    expect(documentBlocks(bob.doc.getXmlFragment(SECTION))[0]?.runs).toEqual([
      { text: 'Dean does not stay overnight. ', restriction: null },
      { text: 'Dad is under investigation.', restriction: 'not-for-family' },
    ]);
    await eventually(async () =>
      expect((await storedBlocks(name))[0]?.runs.map((r) => r.restriction)).toEqual([null, 'not-for-family']),
    );
    const record = new Y.Doc();
    Y.applyUpdate(record, await ctx.app.get(CollabDocumentRegistry).encodeState(documentName(meetingId, 'record')));
    expect(record.getXmlFragment(SECTION).length).toBe(0);
    record.destroy();
  });

  it("refuses an observer's edit: not relayed and not stored", async () => {
    const { meetingId, name, cookies } = await meetingWith('participant', 'observer');
    const editor = await connected(meetingId, { cookie: cookies[0]! });
    const observer = await connected(meetingId, { cookie: cookies[1]! });
    writeFlaggedParagraph(observer.doc, 'Observer text. ', 'Observer flag.');
    await eventually(() => expect(observer.denied).toHaveLength(1));
    writeFlaggedParagraph(editor.doc, 'Editor text. ', 'Editor flag.');
    await eventually(async () =>
      expect((await storedBlocks(name)).map(blockText)).toEqual(['Editor text. Editor flag.']),
    );
    expect(editor.doc.getXmlFragment(SECTION).toString()).not.toContain('Observer');
  });

  it('is served to members only: 404 for a non-member, and tickets bound to the safety plan', async () => {
    const { meetingId, name, cookies } = await meetingWith('participant');
    const outsider = await ctx.app.createUser({ agency: 'education' });
    const outsiderCookie = await ctx.app.signIn(outsider);
    expect(
      await upgradeStatus(`${ctx.app.wsUrl}/collab/${name}`, { Cookie: outsiderCookie, Origin: ctx.app.url }),
    ).toBe(404);
    const refusedTicket = await ctx.app.request('POST', '/api/collab/tickets', {
      cookie: outsiderCookie,
      body: { meetingId, kind: 'safety-plan' },
    });
    expect(refusedTicket.status).toBe(404);

    const issued = await ctx.app.request('POST', '/api/collab/tickets', {
      cookie: cookies[0]!,
      body: { meetingId, kind: 'safety-plan' },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.document).toBe(name);
    // A safety plan ticket does not open the record.
    const recordUrl = `${ctx.app.wsUrl}/collab/${documentName(meetingId, 'record')}?ticket=${issued.body.ticket as string}`;
    expect(await upgradeStatus(recordUrl, {})).toBe(401);
    const second = await ctx.app.request('POST', '/api/collab/tickets', {
      cookie: cookies[0]!,
      body: { meetingId, kind: 'safety-plan' },
    });
    const client = await connected(meetingId, { ticket: second.body.ticket as string });
    expect(client.provider.wsconnected).toBe(true);
  });

  it('audits opening the safety plan, and refusals, under its own document name', async () => {
    const { meetingId, name, cookies } = await meetingWith('participant', 'observer');
    await connected(meetingId, { cookie: cookies[0]! });
    const observer = await connected(meetingId, { cookie: cookies[1]! });
    writeFlaggedParagraph(observer.doc, 'Observer text. ', 'Observer flag.');
    await eventually(() => expect(observer.denied).toHaveLength(1));
    const outsider = await ctx.app.createUser({ agency: 'education' });
    const headers = { Cookie: await ctx.app.signIn(outsider), Origin: ctx.app.url };
    expect(await upgradeStatus(`${ctx.app.wsUrl}/collab/${name}`, headers)).toBe(404);
    await eventually(async () => {
      const rows: { type: string; subject_id: string; details: { reason?: string } }[] = await ctx.app.dataSource.query(
        `SELECT type, subject_id, details FROM audit_events
          WHERE meeting_id = $1 AND type IN ('document.opened', 'access.refused') ORDER BY seq`,
        [meetingId],
      );
      expect(rows.map((r) => [r.type, r.subject_id, r.details.reason ?? null])).toEqual([
        ['document.opened', name, null],
        ['document.opened', name, null],
        ['access.refused', name, 'read-only-write'],
        ['access.refused', name, 'not-a-member'],
      ]);
    });
  });
});
