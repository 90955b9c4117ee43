import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import { MeetingEventsGateway } from '../../src/realtime/meeting-events/meeting-events.gateway';
import {
  ACCESS_MATRIX,
  baseAction,
  CLIENT_EVENTS,
  DOCUMENT_KINDS_IN_MATRIX,
  FAMILY_PLAN_CONNECT,
  MATRIX_END,
  MATRIX_START,
  PRINCIPALS,
  renderMatrixTable,
  serviceAccountCell,
  YJS_MESSAGES,
} from './access-matrix';

const SECURITY_MD = path.resolve(__dirname, '../../../docs/SECURITY.md');

/** The generated table as docs/SECURITY.md has it, between the markers. */
function documentedTable(markdown: string): string | null {
  const start = markdown.indexOf(MATRIX_START);
  const end = markdown.indexOf(MATRIX_END);
  if (start < 0 || end < start) return null;
  return markdown.slice(start + MATRIX_START.length, end).trim();
}

describe('access matrix (data)', () => {
  it('names each action once, with a cell for every principal', () => {
    const names = ACCESS_MATRIX.map((e) => `${e.channel} ${e.action}`);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of ACCESS_MATRIX) expect(Object.keys(entry.cells).sort()).toEqual([...PRINCIPALS].sort());
  });

  it('denies the not-signed-in caller everything but the public sign-in (professional and family), accepting an invitation, record links, health, metrics and docs routes', () => {
    const open = ACCESS_MATRIX.filter((e) => e.cells.anonymous.allowed).map((e) => e.action);
    expect(open.sort()).toEqual(
      [
        'GET /api/auth/oidc/:provider/callback',
        'GET /api/auth/oidc/:provider/start',
        'GET /api/auth/oidc/providers',
        'GET /api/docs',
        'GET /api/docs-json',
        'GET /api/docs-yaml',
        'GET /api/health',
        'GET /api/metrics',
        'GET /api/schemas/sealed-record-export.v1.json',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'POST /api/auth/mfa/verify',
        'POST /api/family/sign-in',
        'POST /api/family/sign-in/code',
        'POST /api/record-links/code',
        'POST /api/record-links/download',
        'POST /api/record-links/open',
        'POST /api/invitations/accept',
        'POST /api/invitations/preview',
      ].sort(),
    );
  });

  it('lets a service account token through only on the integration and witness routes and the public ones', () => {
    const allowed = ACCESS_MATRIX.filter((e) => serviceAccountCell(e).allowed).map((e) => e.action);
    const open = ACCESS_MATRIX.filter((e) => e.cells.anonymous.allowed).map((e) => e.action);
    expect(allowed.filter((a) => !open.includes(a)).sort()).toEqual([
      'GET /api/audit/witness/checkpoint',
      'GET /api/audit/witness/consistency',
      'GET /api/integrations/records',
      'GET /api/integrations/records/:meetingId/versions/:version',
      'POST /api/audit/witness/cosignatures',
    ]);
    // And no session passes an integration or witness route.
    for (const entry of ACCESS_MATRIX.filter((e) => / \/api\/(integrations|audit\/witness)\//.test(e.action))) {
      expect(PRINCIPALS.filter((p) => entry.cells[p].allowed)).toEqual([]);
    }
  });

  it('lists every socket.io client event, each one the gateway handles', () => {
    const inMatrix = new Set(ACCESS_MATRIX.filter((e) => e.channel === 'socket.io').map((e) => baseAction(e.action)));
    expect([...inMatrix].sort()).toEqual(Object.keys(CLIENT_EVENTS).sort());
    // What the gateway actually subscribes to (Nest's @SubscribeMessage metadata).
    const prototype = MeetingEventsGateway.prototype as unknown as Record<string, unknown>;
    const handled = Object.getOwnPropertyNames(prototype)
      .map((name) => prototype[name])
      .filter((fn): fn is object => typeof fn === 'function')
      .map((fn) => Reflect.getMetadata('message', fn) as string | undefined)
      .filter((event): event is string => typeof event === 'string');
    expect(handled.sort()).toEqual(Object.keys(CLIENT_EVENTS).sort());
  });

  it('lists every Yjs message type for both documents', () => {
    const inMatrix = ACCESS_MATRIX.filter((e) => e.channel === 'yjs').map((e) => e.action);
    const expected = [
      ...DOCUMENT_KINDS_IN_MATRIX.flatMap((kind) => YJS_MESSAGES.map((m) => `${kind}: ${m}`)),
      FAMILY_PLAN_CONNECT,
    ];
    expect(inMatrix.sort()).toEqual(expected.sort());
  });

  it('is the table in docs/SECURITY.md (UPDATE_ACCESS_MATRIX=1 rewrites it)', () => {
    const markdown = readFileSync(SECURITY_MD, 'utf8');
    const table = renderMatrixTable();
    if (process.env.UPDATE_ACCESS_MATRIX === '1') {
      const start = markdown.indexOf(MATRIX_START);
      const end = markdown.indexOf(MATRIX_END);
      if (start < 0 || end < start) throw new Error('docs/SECURITY.md has no access-matrix markers');
      writeFileSync(
        SECURITY_MD,
        `${markdown.slice(0, start + MATRIX_START.length)}\n\n${table}\n\n${markdown.slice(end)}`,
      );
    }
    expect(documentedTable(readFileSync(SECURITY_MD, 'utf8'))).toBe(table);
  });
});
