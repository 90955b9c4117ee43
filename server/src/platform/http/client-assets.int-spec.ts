import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DatabaseHandle } from '../database/embedded-postgres';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import { HASHED_ASSETS_CACHE } from './client-assets';

/** A built client as Vite lays it out: index.html, and hashed files (with their source maps) under assets/. */
function buildClientDist(): string {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'roundtable-client-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-C3d1Afxr.js"></script></head><body></body></html>',
  );
  const js = Array.from({ length: 400 }, (_, i) => `export const section${i} = () => 'strategy discussion ${i}';`);
  writeFileSync(
    path.join(dist, 'assets', 'index-C3d1Afxr.js'),
    `${js.join('\n')}\n//# sourceMappingURL=index-C3d1Afxr.js.map\n`,
  );
  writeFileSync(
    path.join(dist, 'assets', 'index-C3d1Afxr.js.map'),
    JSON.stringify({ version: 3, sources: ['src/main.tsx'] }),
  );
  return dist;
}

/** A GET whose body arrives as sent on the wire (fetch would decode it). */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

/** What a production start needs besides the database: its keys, and plain TCP to the test PostgreSQL. */
function productionEnv(): Record<string, string> {
  const keys = mkdtempSync(path.join(os.tmpdir(), 'roundtable-client-keys-'));
  const auditKey = path.join(keys, 'audit-signing-key.pem');
  writeFileSync(auditKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const mfaKey = path.join(keys, 'mfa-encryption-key');
  writeFileSync(mfaKey, randomBytes(32).toString('base64'));
  return {
    NODE_ENV: 'production',
    AUDIT_SIGNING_KEY_FILE: auditKey,
    MFA_ENCRYPTION_KEY_FILE: mfaKey,
    ALLOW_INSECURE_INTERNAL_TRANSPORT: 'true',
  };
}

describe('the built client, as served', () => {
  const dist = buildClientDist();
  const script = readFileSync(path.join(dist, 'assets', 'index-C3d1Afxr.js'));
  let database: DatabaseHandle;
  let app: TestApp;
  let production: TestApp;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database, { CLIENT_DIST: dist, API_DOCS: 'true' });
    production = await TestApp.start(database, { ...productionEnv(), CLIENT_DIST: dist });
  });

  afterAll(async () => {
    await production?.close();
    await app?.close();
    await database?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('compresses a script with brotli or gzip, as the browser accepts, and varies on Accept-Encoding', async () => {
    for (const target of [app, production]) {
      const br = await rawGet(`${target.url}/assets/index-C3d1Afxr.js`, {
        'accept-encoding': 'gzip, deflate, br, zstd',
      });
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.body.length).toBeLessThan(script.length / 4);
      expect(zlib.brotliDecompressSync(br.body)).toEqual(script);

      const gzip = await rawGet(`${target.url}/assets/index-C3d1Afxr.js`, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gzip.body)).toEqual(script);

      const plain = await rawGet(`${target.url}/assets/index-C3d1Afxr.js`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toEqual(script);
    }
  });

  it('lets browsers keep hashed assets for a year, and revalidate index.html and client-side routes', async () => {
    const asset = await rawGet(`${app.url}/assets/index-C3d1Afxr.js`, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe(HASHED_ASSETS_CACHE);
    expect(HASHED_ASSETS_CACHE).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/meetings/0b7c3c1e-2f7d-4d2a-8a6e-5b1f9c3d2e10', '/index.html']) {
      const res = await fetch(`${app.url}${page}`, { headers: { accept: 'text/html' } });
      expect({ page, status: res.status, cacheControl: res.headers.get('cache-control') }).toEqual({
        page,
        status: 200,
        cacheControl: 'no-cache',
      });
      expect(await res.text()).toContain('/assets/index-C3d1Afxr.js');
    }
  });

  it('leaves API responses uncompressed, however large (BREACH)', async () => {
    const openApi = await rawGet(`${app.url}/api/docs-json`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(openApi.status).toBe(200);
    expect(openApi.body.length).toBeGreaterThan(10_000);
    expect(openApi.headers['content-encoding']).toBeUndefined();
    expect(openApi.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(openApi.body.toString('utf8'))).toHaveProperty('openapi');
  });

  it('serves no source map in production', async () => {
    const refused = await rawGet(`${production.url}/assets/index-C3d1Afxr.js.map`, { accept: '*/*' });
    expect(refused.status).toBe(404);
    expect(refused.body.toString('utf8')).not.toContain('sources');
    // Outside production the map is there for debugging.
    const served = await fetch(`${app.url}/assets/index-C3d1Afxr.js.map`);
    expect(served.status).toBe(200);
  });
});
