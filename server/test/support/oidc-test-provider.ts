import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/platform/database/embedded-postgres';

/** An issuer the test provider should serve, with its one client and the claims of its people. */
export interface TestIssuer {
  name: string;
  /** Fixed port (see distinctFreePorts); 0 or unset: any. */
  port?: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts?: Record<string, Record<string, unknown>>;
}

/**
 * Real OpenID Providers (`oidc-provider`) in a child process, one issuer per
 * port (oidc-provider-process.mjs). `issuers[name]` is each one's issuer URL.
 */
export class OidcTestProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuers: Record<string, string>,
  ) {}

  static async start(issuers: TestIssuer[]): Promise<OidcTestProvider> {
    const config = {
      issuers: issuers.map((i) => ({
        name: i.name,
        port: i.port ?? 0,
        accounts: i.accounts ?? {},
        clients: [{ client_id: i.clientId, client_secret: i.clientSecret, redirect_uris: i.redirectUris }],
      })),
    };
    const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-process.mjs')], {
      env: { ...process.env, OIDC_TEST_PROVIDER_CONFIG: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`test OIDC provider did not start: ${stderr}`)), 20_000);
      createInterface({ input: child.stdout! }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('exit', (code) => reject(new Error(`test OIDC provider exited (${code}): ${stderr}`)));
    });
    return new OidcTestProvider(child, (JSON.parse(line) as { issuers: Record<string, string> }).issuers);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin?.end();
    await exited;
  }
}

/**
 * `count` different free ports, chosen before anything listens: the app's
 * port must be in the providers' registered redirect URIs before either
 * starts, and a port just released can come back from the next `listen(0)`.
 */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Writes an OIDC_PROVIDERS_FILE for the app; returns its path. */
export async function writeProvidersFile(providers: Record<string, unknown>[]): Promise<string> {
  const file = path.join(os.tmpdir(), `roundtable-oidc-providers-${randomBytes(6).toString('hex')}.json`);
  await writeFile(file, JSON.stringify({ providers }));
  return file;
}

/**
 * A browser without a screen: a cookie jar per origin (paths ignored, which
 * is enough for one flow at a time) and redirects followed by hand, so tests
 * can stop at the callback, change it, replay it or present it elsewhere.
 */
export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** One request; stores the cookies it sets. Returns status, Location (absolute) and body text. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ status: number; location: string | null; body: string }> {
    const target = new URL(url);
    const jar = this.jar(target.origin);
    const headers: Record<string, string> = {};
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        return (
          (k.toLowerCase() === 'max-age' && Number(v) <= 0) ||
          (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now())
        );
      });
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    return { status: res.status, location: location ? new URL(location, target).href : null, body: await res.text() };
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(new URL(origin).origin).get(name);
  }

  /** The Cookie header value for the app's session, as TestApp.request takes it. */
  sessionCookie(appUrl: string): string | undefined {
    const token = this.cookie(appUrl, 'rt_session');
    return token ? `rt_session=${token}` : undefined;
  }

  /**
   * From `startUrl` through the provider's login form (typing `login` as the
   * subject) up to the redirect back to the app's callback, which is
   * returned, not followed.
   */
  async authorize(startUrl: string, login: string): Promise<string> {
    let next = await this.request(startUrl);
    for (let hops = 0; hops < 15; hops++) {
      const location = next.location;
      if (!location) throw new Error(`expected a redirect, got ${next.status}: ${next.body.slice(0, 200)}`);
      if (new URL(location).pathname.endsWith('/callback')) return location;
      next = await this.request(location);
      // A page with a form: the login form (typing `login`), or the provider's auto-submitted
      // confirmation to end the previous person's session there.
      const form = next.status === 200 ? /<form([^>]*)>([\s\S]*?)<\/form>/.exec(next.body) : null;
      const action = form ? /action="([^"]+)"/.exec(form[1] as string)?.[1] : undefined;
      if (form && action) {
        const fields: Record<string, string> = {};
        for (const input of (form[2] as string).matchAll(/<input([^>]*)>/g)) {
          const name = /name="([^"]+)"/.exec(input[1] as string)?.[1];
          const value = /value="([^"]*)"/.exec(input[1] as string)?.[1];
          if (name && /type="hidden"/.test(input[1] as string)) fields[name] = value ?? '';
        }
        if (/name="login"/.test(form[2] as string)) Object.assign(fields, { login, password: 'any password' });
        next = await this.request(new URL(action.replace(/&amp;/g, '&'), location).href, { form: fields });
      }
    }
    throw new Error('too many redirects before the callback');
  }

  /** The whole flow: authorize, then the callback; returns where the app finally sends the browser (path and query). */
  async signIn(startUrl: string, login: string): Promise<string> {
    return this.followCallback(await this.authorize(startUrl, login));
  }

  /** Presents a callback URL; returns the app's redirect target as path and query. */
  async followCallback(callbackUrl: string): Promise<string> {
    const res = await this.request(callbackUrl);
    if (!res.location) throw new Error(`callback answered ${res.status}: ${res.body.slice(0, 200)}`);
    const url = new URL(res.location);
    return `${url.pathname}${url.search}`;
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }
}
