import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { Audience, AudienceMember } from '@roundtable/shared/need-to-know';
import { COMPARTMENT_FRAGMENT, compartmentDocumentName, documentName } from '@roundtable/shared/realtime';
import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describeOnOneDatabase } from '../support/each-database';
import { cookieWebSocket, eventually } from '../support/eventually';
import { EventsClient } from '../support/meeting-events-client';
import type { TestApp, TestUser } from '../support/test-app';

const run = promisify(execFile);

/**
 * Need-to-know, the whole matrix (issue 16, docs/SECURITY.md "Need-to-know"):
 * every kind of restricted content, written by its owner with its own canary,
 * against every member of a meeting by role and agency. Each member's every
 * byte is captured — socket.io packets from before they join (live changes and
 * the join state), a second join after the content exists, the record's Yjs
 * frames, an attempt to open every compartment, the HTTP pages that carry
 * entries, and, after the conclusion, every sealed record file they can list
 * (PDF through pdftotext, and HTML). A canary must be in a member's bytes
 * exactly when the member is in its audience (`isInAudience`), and never
 * anywhere else.
 */

type Key = 'chair' | 'socialWorker' | 'minuteTaker' | 'police' | 'police2' | 'health' | 'education' | 'policeObserver';

const CAST: Record<Key, { agency: Agency; role: MeetingRole; name: string }> = {
  chair: { agency: 'childrens-social-care', role: 'chair', name: 'Sam Chair' },
  socialWorker: { agency: 'childrens-social-care', role: 'participant', name: 'Sol Worker' },
  minuteTaker: { agency: 'childrens-social-care', role: 'minute-taker', name: 'Mo Minutes' },
  police: { agency: 'police', role: 'participant', name: 'Priya Police' },
  police2: { agency: 'police', role: 'participant', name: 'Dan Detective' },
  health: { agency: 'health', role: 'participant', name: 'Hana Health' },
  education: { agency: 'education', role: 'participant', name: 'Ed Education' },
  policeObserver: { agency: 'police', role: 'observer', name: 'Oli Observer' },
};
const KEYS = Object.keys(CAST) as Key[];

/** Short, so a PDF line never breaks one; letters only, so no renderer escapes it. */
const canary = (label: string) => `Zq${label}${randomBytes(4).toString('hex')}`;

interface Reader {
  key: Key;
  user: TestUser;
  cookie: string;
  member: AudienceMember;
  client: EventsClient;
  /** Everything this member received, on every channel, as text. */
  bytes: string[];
}

interface Content {
  what: string;
  canary: string;
  /** Who must receive it, written out here rather than computed with the rule under test. */
  readers: Key[];
  compartmentId?: string;
}

const POLICE_ONLY: Audience = { kind: 'police-only', agencies: [], userIds: [] };
const HEALTH_ONLY: Audience = { kind: 'health-only', agencies: [], userIds: [] };

describeOnOneDatabase('need-to-know: every restricted content × every member × every channel', (ctx) => {
  const closers: (() => void)[] = [];
  afterAll(() => {
    for (const close of closers.splice(0)) close();
  });
  const app = (): TestApp => ctx.app;

  async function connect(reader: Omit<Reader, 'client'>, meetingId: string): Promise<EventsClient> {
    const client = await EventsClient.connect(app().url, { cookie: reader.cookie });
    closers.push(() => client.close());
    client.socket.io.engine.on('packet', (packet) => reader.bytes.push(JSON.stringify(packet.data ?? '')));
    await client.ok('meeting:join', { meetingId });
    return client;
  }

  /** A y-websocket provider on a document as this member's browser would open it; every frame kept. */
  async function openDocument(reader: Reader, name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const Base = cookieWebSocket(reader.cookie, app().url) as unknown as typeof WebSocket;
    class Recording extends Base {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.on('message', (data: Buffer) => reader.bytes.push(data.toString('latin1')));
      }
    }
    const provider = new WebsocketProvider(`${app().url.replace(/^http/, 'ws')}/collab`, name, doc, {
      WebSocketPolyfill: Recording as never,
      disableBc: true,
    });
    closers.push(() => {
      provider.destroy();
      doc.destroy();
    });
    await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
    return doc;
  }

  /** The HTTP status of an upgrade to a document (101 when it opens); a refusal's body is kept. */
  function upgrade(reader: Reader, name: string): Promise<number> {
    const ws = new WebSocket(`${app().url.replace(/^http/, 'ws')}/collab/${name}`, {
      headers: { cookie: reader.cookie, origin: app().url },
    });
    return new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (req, res) => {
        res.on('data', (chunk: Buffer) => reader.bytes.push(chunk.toString('latin1')));
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
      });
      ws.once('open', () => {
        ws.terminate();
        resolve(101);
      });
      ws.once('error', reject);
    }).finally(() => ws.removeAllListeners('error').on('error', () => undefined));
  }

  async function httpBody(reader: Reader, pathname: string): Promise<number> {
    const res = await fetch(app().url + pathname, { headers: { cookie: reader.cookie } });
    reader.bytes.push(await res.text());
    return res.status;
  }

  it('gives each canary to its audience and to nobody else', async () => {
    // ---- the meeting: a chair and seven members across four agencies and every role
    const users = {} as Record<Key, TestUser>;
    for (const key of KEYS)
      users[key] = await app().createUser({ displayName: CAST[key].name, agency: CAST[key].agency });
    const { meeting, chairCookie } = await app().createMeeting(
      users.chair,
      KEYS.filter((k) => k !== 'chair').map((k) => ({ member: users[k], role: CAST[k].role })),
    );
    const meetingId = meeting.id;
    const readers = {} as Record<Key, Reader>;
    for (const key of KEYS) {
      const cookie = key === 'chair' ? chairCookie : await app().signIn(users[key]);
      const partial = {
        key,
        user: users[key],
        cookie,
        member: { userId: users[key].user.id, role: CAST[key].role, agency: CAST[key].agency },
        bytes: [] as string[],
      };
      readers[key] = { ...partial, client: await connect(partial, meetingId) };
    }
    const everyone = KEYS.map((k) => readers[k]);
    expect((await app().request('POST', `/api/meetings/${meetingId}/start`, { cookie: chairCookie })).status).toBe(200);
    for (const reader of everyone) await openDocument(reader, documentName(meetingId, 'record'));

    // ---- every kind of restricted content, each written by its owner
    const contents: Content[] = [];
    const compartment = async (owner: Key, what: string, audience: Audience, expected: Key[]) => {
      const created = await readers[owner].client.ok('compartment:create', {
        meetingId,
        sectionKey: 'agency-information',
        audience,
      });
      const doc = await openDocument(readers[owner], compartmentDocumentName(meetingId, created.id));
      const text = canary(what.slice(0, 3));
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`Intelligence: ${text} is a suspect`)]);
      doc.getXmlFragment(COMPARTMENT_FRAGMENT).insert(0, [paragraph]);
      contents.push({ what, canary: text, readers: expected, compartmentId: created.id });
    };
    await compartment('police', 'police-only compartment', POLICE_ONLY, ['chair', 'police', 'police2']);
    await compartment('health', 'health-only compartment', HEALTH_ONLY, ['chair', 'health']);
    await compartment(
      'police',
      'police-and-education compartment',
      { kind: 'named-agencies', agencies: ['police', 'education'], userIds: [] },
      ['chair', 'police', 'police2', 'education'],
    );

    const decision = await readers.chair.client.ok('decision:open', { meetingId, childIds: [meeting.children[0]!.id] });
    const viewCanary = canary('Vie');
    await readers.police.client.ok('view:record', {
      meetingId,
      decisionId: decision.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: `Intelligence: ${viewCanary} is known to us.`,
      restriction: 'police-restricted',
    });
    contents.push({
      what: 'police-restricted view',
      canary: viewCanary,
      readers: ['chair', 'police', 'police2'],
    });

    const actionCanary = canary('Act');
    await readers.health.client.ok('action:create', {
      meetingId,
      description: `Refer mother to perinatal mental health: ${actionCanary}`,
      ownerUserId: users.health.user.id,
      ownerAgency: 'health',
      dueAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
      restriction: 'health-restricted',
    });
    contents.push({
      what: 'health-restricted action',
      canary: actionCanary,
      readers: ['chair', 'health'],
    });

    const personCanary = canary('Per');
    await readers.police.client.ok('protected-person:add', {
      meetingId,
      role: 'referrer',
      label: 'the referrer',
      name: personCanary,
      audience: { kind: 'police-only' },
    });
    contents.push({
      what: "protected person's name",
      canary: personCanary,
      readers: ['chair', 'police', 'police2'],
    });

    const sharingCanary = canary('Sha');
    await readers.police.client.ok('sharing-decision:record', {
      meetingId,
      outcome: 'refused',
      what: `Intelligence about ${sharingCanary}`,
      withWhom: 'The school',
      lawfulBasis: 'law-enforcement',
      reason: 'Sharing now would prejudice the investigation.',
    });
    // A sharing decision reaches the chair and the deciding agency's members.
    contents.push({
      what: 'information-sharing decision',
      canary: sharingCanary,
      readers: ['chair', 'police', 'police2'],
    });

    const readsIt = (reader: Reader, content: Content) => content.readers.includes(reader.key);

    // ---- live: the owners' clients hold every change; wait until each audience member has every canary
    for (const content of contents) {
      for (const reader of everyone.filter((r) => readsIt(r, content) && !content.compartmentId)) {
        await eventually(() => expect(reader.bytes.join('\n')).toContain(content.canary));
      }
    }

    // ---- the join state, compartments opened (or refused), and the HTTP pages, for every member
    for (const reader of everyone) {
      await connect(reader, meetingId);
      for (const content of contents.filter((c) => c.compartmentId)) {
        const name = compartmentDocumentName(meetingId, content.compartmentId!);
        if (readsIt(reader, content)) {
          const doc = await openDocument(reader, name);
          await eventually(() => expect(doc.getXmlFragment(COMPARTMENT_FRAGMENT).toString()).toContain(content.canary));
        } else {
          expect({ who: reader.key, what: content.what, status: await upgrade(reader, name) }).toEqual({
            who: reader.key,
            what: content.what,
            status: 404,
          });
        }
      }
      const childPage = `/api/children/${meeting.children[0]!.childId}`;
      for (const page of [
        `/api/meetings/${meetingId}`,
        '/api/actions/mine',
        '/api/dashboard',
        '/api/meetings',
        childPage,
      ]) {
        expect(await httpBody(reader, page)).toBe(200);
      }
    }

    // ---- the sealed records: every file each member may list, as text
    const concluded = await app().request('POST', `/api/meetings/${meetingId}/conclude`, {
      cookie: chairCookie,
      body: { notReached: [{ decisionId: decision.id, reason: 'Adjourned until the enquiry reports.' }] },
    });
    expect({ status: concluded.status, body: concluded.body }).toEqual({ status: 200, body: expect.anything() });
    const listOf = async (reader: Reader) => {
      const res = await app().request('GET', `/api/meetings/${meetingId}/records`, { cookie: reader.cookie });
      expect(res.status).toBe(200);
      return res.body as SealedRecordListResponse;
    };
    await eventually(async () => expect((await listOf(readers.chair)).versions).toHaveLength(1));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'need-to-know-'));
    try {
      for (const reader of everyone) {
        const listed = await listOf(reader);
        reader.bytes.push(JSON.stringify(listed));
        for (const file of listed.versions.flatMap((v) => v.files)) {
          const res = await fetch(app().url + file.href, { headers: { cookie: reader.cookie } });
          // Observers read but never export (DOMAIN.md §7).
          const expected = reader.member.role === 'observer' ? 403 : 200;
          expect({ who: reader.key, file: file.variant, status: res.status }).toEqual({
            who: reader.key,
            file: file.variant,
            status: expected,
          });
          const body = Buffer.from(await res.arrayBuffer());
          if (res.status !== 200) reader.bytes.push(body.toString('utf8'));
          else if (file.format === 'pdf') {
            const pdf = path.join(dir, `${reader.key}-${file.variant}.pdf`);
            await writeFile(pdf, body);
            reader.bytes.push((await run('pdftotext', ['-layout', pdf, '-'])).stdout);
          } else {
            reader.bytes.push(body.toString('utf8'));
          }
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // ---- the matrix
    const got: string[] = [];
    const expected: string[] = [];
    for (const reader of everyone) {
      const received = reader.bytes.join('\n');
      for (const content of contents) {
        const cell = `${reader.key} (${reader.member.role}, ${reader.member.agency}) × ${content.what}`;
        got.push(`${cell}: ${received.includes(content.canary) ? 'received' : 'never received'}`);
        expected.push(`${cell}: ${readsIt(reader, content) ? 'received' : 'never received'}`);
      }
    }
    expect(got).toEqual(expected);
    // Outside an audience the place is marked in words, never silently.
    expect(readers.education.bytes.join('\n')).toContain('Information withheld: police restricted');
    expect(readers.police.bytes.join('\n')).toContain('Information withheld: health restricted');
  });
});
