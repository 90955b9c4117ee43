/** What the production checks read: the validated settings that make a deployment unsafe. */
export interface ProductionSettings {
  env: 'development' | 'production' | 'test';
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  demoData: boolean;
  cookieSecure: boolean;
  /** ALLOW_INSECURE_INTERNAL_TRANSPORT: database and Redis on a private network without TLS. */
  allowInsecureInternalTransport: boolean;
}

/** sslmode values of libpq (and node-postgres) that encrypt the connection; `prefer` and `allow` may fall back. */
const TLS_SSLMODES = new Set(['require', 'verify-ca', 'verify-full']);

/** Whether a PostgreSQL URL asks for TLS (sslmode=require/verify-ca/verify-full, or ssl=true). */
export function databaseUrlUsesTls(url: string): boolean {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return false;
  }
  const sslmode = params.get('sslmode')?.toLowerCase();
  if (sslmode) return TLS_SSLMODES.has(sslmode);
  const ssl = params.get('ssl')?.toLowerCase();
  return ssl === 'true' || ssl === '1';
}

/**
 * Everything that makes a production start unsafe, one line per problem
 * (empty outside production). A demo account with a published password, a
 * secret nobody chose, or case data crossing a network in clear text must
 * stop the app, not be discovered later.
 */
export function productionConfigProblems(settings: ProductionSettings): string[] {
  if (settings.env !== 'production') return [];
  const problems: string[] = [];
  if (settings.demoData) {
    problems.push(
      'DEMO_DATA: demo accounts with a published password would be created (set DEMO_DATA=off; with the embedded database `auto` means on)',
    );
  }
  if (!settings.cookieSecure) {
    problems.push(
      'COOKIE_SECURE: session cookies must be Secure in production (serve over TLS; remove COOKIE_SECURE=false)',
    );
  }
  if (!settings.allowInsecureInternalTransport) {
    if (settings.databaseUrl && !databaseUrlUsesTls(settings.databaseUrl)) {
      problems.push(
        'DATABASE_URL: the connection to PostgreSQL is not encrypted (add sslmode=verify-full or sslmode=require, or set ALLOW_INSECURE_INTERNAL_TRANSPORT=true on a private network)',
      );
    }
    if (settings.redisUrl && !settings.redisUrl.toLowerCase().startsWith('rediss://')) {
      problems.push(
        'REDIS_URL: the connection to Redis is not encrypted (use rediss://, or set ALLOW_INSECURE_INTERNAL_TRANSPORT=true on a private network)',
      );
    }
  }
  return problems;
}
