import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { CreateServiceAccountRequest, IssuedServiceTokenResponse } from '@roundtable/shared/integrations';
import type { CreateMeetingRequest, CreateUserRequest, MeetingDetail } from '@roundtable/shared/schemas';
import { DataSource } from 'typeorm';
import { createRoundtableApp, type RoundtableApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/platform/config/app-config';
import type { DatabaseHandle } from '../../src/platform/database/embedded-postgres';
import type { UserEntity } from '../../src/identity/users/user.entity';
import { UsersService } from '../../src/identity/users/users.service';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A user as tests create them: account row plus the password to sign in with. */
export interface TestUser {
  user: UserEntity;
  email: string;
  password: string;
}

/**
 * Factory for a new account's fields; every call gets a unique email. Test
 * accounts may convene and chair unless the test says otherwise (auditors
 * never can).
 */
export function buildUser(overrides: Partial<CreateUserRequest> = {}): CreateUserRequest {
  const id = randomBytes(4).toString('hex');
  return {
    email: `user-${id}@example.org`,
    password: TEST_PASSWORD,
    displayName: `Test User ${id}`,
    jobTitle: 'Practitioner',
    agency: 'childrens-social-care',
    isAdmin: false,
    isAuditor: false,
    canChair: !overrides.isAuditor,
    ...overrides,
  };
}

/** Factory for a strategy discussion request. */
export function buildMeeting(overrides: Partial<CreateMeetingRequest> = {}): CreateMeetingRequest {
  return {
    reason: 'Bruising seen at school; the child named an adult in the household.',
    scheduledAt: '2026-03-02T13:00:00Z',
    format: 'online',
    children: [{ name: 'Ruby Testcase', dateOfBirth: '2021-11-14' }],
    ...overrides,
  };
}

/** The real app on a free port, with helpers that talk to it over HTTP like any client. */
export class TestApp {
  private constructor(
    readonly roundtable: RoundtableApp,
    readonly config: AppConfig,
  ) {}

  /**
   * Starts the whole app (migrations, API, collab, client if built) on port 0 against `database`.
   * Without the OpenAPI document, as in production, unless `env` turns it on (API_DOCS: 'true'), as
   * the suites that read it do: generating it was half a second of CPU at each of some 190 starts a run.
   */
  static async start(database: DatabaseHandle, env: Record<string, string> = {}): Promise<TestApp> {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      DEMO_DATA: 'off',
      API_DOCS: 'false',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // Each app signs audit checkpoints with its own throwaway key.
      AUDIT_SIGNING_KEY_FILE: path.join(os.tmpdir(), `roundtable-audit-key-${randomUUID()}.pem`),
      ...env,
    });
    return new TestApp(await createRoundtableApp(config, { database }), config);
  }

  get url(): string {
    return this.roundtable.url;
  }

  /** The port the app listens on. */
  get port(): number {
    return this.roundtable.port;
  }

  /** ws://host:port, for the collab endpoint. */
  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  get dataSource(): DataSource {
    return this.roundtable.app.get(DataSource);
  }

  get<T>(token: new (...args: never[]) => T): T {
    return this.roundtable.app.get(token, { strict: false });
  }

  close(): Promise<void> {
    return this.roundtable.close();
  }

  /** Creates an account directly through the service (as the admin CLI does). */
  async createUser(overrides: Partial<CreateUserRequest> = {}): Promise<TestUser> {
    const input = buildUser(overrides);
    const user = await this.get(UsersService).create(input);
    return { user, email: input.email, password: input.password };
  }

  /** Signs in over HTTP; returns the Cookie header value to send. */
  async signIn(user: Pick<TestUser, 'email' | 'password'>): Promise<string> {
    const res = await this.request('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0];
    if (!cookie) throw new Error('sign-in set no cookie');
    return cookie;
  }

  /** A JSON request; returns status, headers and the parsed body. */
  async request(
    method: string,
    path: string,
    options: { cookie?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; headers: Headers; body: any }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      redirect: 'manual',
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body };
  }

  /**
   * An administrator creates a service account over HTTP (a council's case system, by default,
   * reading records); returns the account and its token, shown this once.
   */
  async createServiceAccount(
    adminCookie: string,
    account: Partial<CreateServiceAccountRequest> & Pick<CreateServiceAccountRequest, 'scopes'>,
  ): Promise<IssuedServiceTokenResponse> {
    const res = await this.request('POST', '/api/admin/service-accounts', {
      cookie: adminCookie,
      body: {
        name: 'Testshire LCS',
        agency: 'childrens-social-care',
        organisation: 'Testshire County Council',
        ...account,
      },
    });
    if (res.status !== 201) throw new Error(`create service account failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as IssuedServiceTokenResponse;
  }

  /** Creates a meeting chaired by `chair` and adds members with roles. */
  async createMeeting(
    chair: TestUser,
    members: { member: TestUser; role: MeetingRole }[] = [],
    overrides: Partial<CreateMeetingRequest> = {},
  ): Promise<{ meeting: MeetingDetail; chairCookie: string }> {
    const chairCookie = await this.signIn(chair);
    const created = await this.request('POST', '/api/meetings', { cookie: chairCookie, body: buildMeeting(overrides) });
    if (created.status !== 201)
      throw new Error(`create meeting failed: ${created.status} ${JSON.stringify(created.body)}`);
    let meeting = created.body as MeetingDetail;
    for (const { member, role } of members) {
      const added = await this.request('POST', `/api/meetings/${meeting.id}/members`, {
        cookie: chairCookie,
        body: { email: member.email, role },
      });
      if (added.status !== 201) throw new Error(`add member failed: ${added.status} ${JSON.stringify(added.body)}`);
      meeting = added.body as MeetingDetail;
    }
    return { meeting, chairCookie };
  }
}
