import { existsSync } from 'node:fs';
import { CollabTestClient } from '../../../test/support/collab-client';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp } from '../../../test/support/test-app';
import { HSTS_MAX_AGE_SECONDS } from './security-headers';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

// It reads the OpenAPI document, which the test app leaves out unless asked.
describeOnOneDatabase('security headers', { env: { API_DOCS: 'true' } }, (ctx) => {
  it('send a strict CSP with no inline script or style, and the other protective headers', async () => {
    const res = await ctx.app.request('GET', '/api/health');
    const csp = res.headers.get('content-security-policy');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const d = directives(csp);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    // Plain HTTP in tests: no upgrade, no HSTS.
    expect(d.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const permissions = res.headers.get('permissions-policy') ?? '';
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(permissions).toContain(feature);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allow inline styles on the OpenAPI page only, never inline scripts', async () => {
    const docs = await fetch(`${ctx.app.url}/api/docs`);
    expect(docs.status).toBe(200);
    const d = directives(docs.headers.get('content-security-policy'));
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(await docs.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    const json = await ctx.app.request('GET', '/api/docs-json');
    expect(directives(json.headers.get('content-security-policy')).get('style-src')).toEqual(["'self'"]);
  });

  it('serve no API docs when they are turned off (the production default)', async () => {
    const app = await TestApp.start(ctx.database, { API_DOCS: 'false' });
    try {
      for (const path of ['/api/docs', '/api/docs-json', '/api/docs-yaml']) {
        expect((await fetch(`${app.url}${path}`)).status).toBe(404);
      }
      expect((await app.request('GET', '/api/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('forbid caching of every API answer, refusals included', async () => {
    expect((await ctx.app.request('GET', '/api/health')).headers.get('cache-control')).toBe('no-store');
    const refused = await ctx.app.request('GET', '/api/meetings');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('serve the client page under the same policy, with no inline script in it', async () => {
    if (!existsSync(`${ctx.app.config.clientDist}/index.html`)) {
      if (process.env.CI === 'true') throw new Error('client/dist is missing: run `npm run build` first');
      process.stderr.write('[roundtable tests] skipping the client page check: client/dist is not built\n');
      return;
    }
    const page = await fetch(`${ctx.app.url}/`, { headers: { accept: 'text/html' } });
    expect(directives(page.headers.get('content-security-policy')).get('script-src')).toEqual(["'self'"]);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('add HSTS (a year, subdomains) and upgrade-insecure-requests behind TLS', async () => {
    const tls = await TestApp.start(ctx.database, { COOKIE_SECURE: 'true' });
    try {
      const res = await tls.request('GET', '/api/health');
      expect(res.headers.get('strict-transport-security')).toBe(`max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
      expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);

      // The session cookie is __Host-: Secure, host-only, Path=/; every reader takes it by that name only.
      const chair = await tls.createUser();
      const login = await tls.request('POST', '/api/auth/login', {
        body: { email: chair.email, password: chair.password },
      });
      const setCookie = login.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-rt_session=[A-Za-z0-9_-]{43}; /);
      expect(setCookie).toMatch(/; Path=\/;/);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; SameSite=Strict/);
      expect(setCookie).not.toMatch(/Domain=/i);
      const cookie = setCookie.split(';')[0]!;
      expect((await tls.request('GET', '/api/me', { cookie })).status).toBe(200);
      const unprefixed = cookie.replace('__Host-rt_session=', 'rt_session=');
      expect((await tls.request('GET', '/api/me', { cookie: unprefixed })).status).toBe(401);
      const { meeting } = await tls.createMeeting(chair);
      const collab = await CollabTestClient.connected(tls.url, cookie, meeting.id);
      collab.provider.destroy();
      collab.doc.destroy();
      const events = await EventsClient.connect(tls.url, { cookie });
      events.close();
      await expect(EventsClient.connect(tls.url, { cookie: unprefixed })).rejects.toThrow();
    } finally {
      await tls.close();
    }
  });
});
