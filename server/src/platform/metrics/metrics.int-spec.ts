import { documentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../database/embedded-postgres';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** `name{labels}` → value, from the Prometheus text format. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

// The metrics do not depend on the kind of PostgreSQL: one run, on the machine's when there is one.
const kind = oneDatabaseKind();

describe(`GET /api/metrics [${kind} PostgreSQL]`, () => {
  let database: DatabaseHandle;
  let app: TestApp;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    database = await startTestDatabase(kind);
    app = await TestApp.start(database, { METRICS_TOKEN: TOKEN });
  });

  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  async function scrape(): Promise<Map<string, number>> {
    const res = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return parseMetrics(await res.text());
  }

  it('answers 404, as an unknown path, when METRICS_TOKEN is not set', async () => {
    const plain = await TestApp.start(database);
    try {
      const res = await plain.request('GET', '/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NotFound' });
    } finally {
      await plain.close();
    }
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer not-the-metrics-token'],
    ['the token without the Bearer scheme', TOKEN],
    ['a session-like Basic header', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
  ])('refuses %s with 401 and no metrics', async (_label, authorization) => {
    const res = await app.request('GET', '/api/metrics', { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(res.body).toMatchObject({ code: 'Unauthenticated' });
    expect(JSON.stringify(res.body)).not.toContain('roundtable_');
  });

  it('serves the Prometheus text format with every Roundtable metric and the process metrics', async () => {
    const res = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    for (const name of [
      'roundtable_open_connections',
      'roundtable_documents_in_memory',
      'roundtable_document_updates_stored_total',
      'roundtable_document_batches_stored_total',
      'roundtable_document_persistence_lag_seconds',
      'roundtable_meeting_events_total',
      'roundtable_redis_status',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    const values = parseMetrics(text);
    expect(values.get('roundtable_redis_status{status="disabled"}')).toBe(1);
    expect(values.get('roundtable_redis_status{status="up"}')).toBe(0);
  });

  it('counts a real client’s edits, its connection and its document, and the /meetings events', async () => {
    const chair = await app.createUser({ displayName: 'Chair Metrics' });
    const { meeting, chairCookie } = await app.createMeeting(chair);
    const before = await scrape();
    expect(before.get('roundtable_documents_in_memory')).toBe(0);
    expect(before.get('roundtable_open_connections{channel="collab"}')).toBe(0);
    expect(before.get('roundtable_open_connections{channel="meetings"}')).toBe(0);
    const storedBefore = before.get('roundtable_document_updates_stored_total') ?? NaN;
    const lagCountBefore = before.get('roundtable_document_persistence_lag_seconds_count') ?? NaN;

    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${app.wsUrl}/collab`, documentName(meeting.id, 'record'), doc, {
      WebSocketPolyfill: cookieWebSocket(chairCookie, app.url) as never,
      disableBc: true,
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    for (const word of ['Strategy ', 'discussion ', 'notes'])
      doc.getText('notes').insert(doc.getText('notes').length, word);

    const events = await EventsClient.connect(app.url, { cookie: chairCookie });
    cleanups.push(() => events.close());
    await events.ok('meeting:join', { meetingId: meeting.id });
    const refused = await events.emit('meeting:join', { meetingId: 'not-a-uuid' });
    expect(refused.ok).toBe(false);

    const after = await eventually(async () => {
      const now = await scrape();
      expect(now.get('roundtable_document_updates_stored_total')).toBeGreaterThanOrEqual(storedBefore + 3);
      return now;
    });
    expect(after.get('roundtable_documents_in_memory')).toBe(1);
    expect(after.get('roundtable_open_connections{channel="collab"}')).toBe(1);
    expect(after.get('roundtable_open_connections{channel="meetings"}')).toBe(1);
    expect(after.get('roundtable_document_batches_stored_total')).toBeGreaterThanOrEqual(1);
    const stored = (after.get('roundtable_document_updates_stored_total') ?? 0) - storedBefore;
    // One lag observation per stored update; every one well under the largest finite bucket.
    expect((after.get('roundtable_document_persistence_lag_seconds_count') ?? 0) - lagCountBefore).toBe(stored);
    expect(after.get('roundtable_document_persistence_lag_seconds_bucket{le="10"}')).toBe(
      after.get('roundtable_document_persistence_lag_seconds_count'),
    );
    expect(after.get('roundtable_meeting_events_total{event="meeting:join",outcome="ok"}')).toBe(1);
    expect(after.get('roundtable_meeting_events_total{event="meeting:join",outcome="ValidationFailed"}')).toBe(1);

    // Closing both connections brings the connection gauges back down at the next scrape.
    for (const cleanup of cleanups.splice(0)) cleanup();
    await eventually(async () => {
      const now = await scrape();
      expect(now.get('roundtable_open_connections{channel="collab"}')).toBe(0);
      expect(now.get('roundtable_open_connections{channel="meetings"}')).toBe(0);
    });
  });
});
