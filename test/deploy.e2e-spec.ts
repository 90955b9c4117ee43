import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
// js-yaml comes with @nestjs/swagger (a pinned server dependency); only this test reads YAML.
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { loadConfig } from '../server/src/platform/config/app-config';

/**
 * The deployment files, checked without Docker (there is no engine here):
 * the compose file's shape, that the instances' settings pass the app's own
 * config validation (production start checks included), and that the proxy
 * config matches the compose services. With Compose v1 installed (CI installs
 * it) the file also goes through `docker-compose config -q`.
 */
const ROOT = path.resolve(__dirname, '..');
const IN_CI = process.env.CI === 'true';

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  volumes?: string[];
}
// Merge keys (`<<: *app`) as Compose applies them.
const compose = load(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
  schema: CORE_SCHEMA.withTags(mergeTag),
}) as {
  services: Record<string, Service>;
};
const nginx = readFileSync(path.join(ROOT, 'deploy/nginx/roundtable.conf.template'), 'utf8');
const APPS = ['app1', 'app2'];

/** What compose does with `${NAME:-default}` when NAME is not set. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

function appEnvironment(name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(compose.services[name]?.environment ?? {}).map(([key, value]) => [key, withDefaults(String(value))]),
  );
}

describe('docker-compose.yml', () => {
  it('runs two identical app instances, a proxy, PostgreSQL, Redis and the one-off key maker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app1', 'app2', 'keys', 'postgres', 'proxy', 'redis']);
    expect(compose.services.app1).toEqual(compose.services.app2);
  });

  it('gives the instances settings the app accepts in production, with Redis, the proxy trusted and no demo data', () => {
    const env = appEnvironment('app1');
    const config = loadConfig(env); // throws, listing every problem, if production would refuse to start
    expect(config.env).toBe('production');
    expect(config.demoData).toBe(false);
    expect(config.cookieSecure).toBe(true);
    expect(config.trustProxy).toBe(true);
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(config.databaseUrl).toMatch(/^postgres:\/\/roundtable:[^@]+@postgres:5432\/roundtable$/);
    expect(config.metricsToken).toBeUndefined(); // METRICS_TOKEN empty unless the operator sets it
    // Both instances share the keys in one volume.
    expect(config.auditSigningKeyFile.startsWith('/app/keys/')).toBe(true);
    expect(compose.services.app1?.volumes).toContain('keys:/app/keys');
    expect(compose.services.keys?.volumes).toContain('keys:/app/keys');
  });

  it('reaches the instances only through the proxy, and starts them once the database, Redis and keys are ready', () => {
    for (const app of APPS) {
      expect(compose.services[app]?.ports).toBeUndefined();
      expect(compose.services[app]?.depends_on).toEqual({
        keys: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.redis?.healthcheck).toBeDefined();
    expect(compose.services.proxy?.ports).toEqual(['${PUBLIC_HTTPS_PORT:-443}:443', '${PUBLIC_HTTP_PORT:-80}:80']);
  });

  it('is valid for Compose (docker-compose config -q)', () => {
    const probe = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      if (IN_CI) throw new Error('docker-compose is not installed; CI requires it (nothing may skip in CI)');
      process.stderr.write('[roundtable tests] skipping docker-compose config -q: docker-compose is not installed\n');
      return;
    }
    const result = spawnSync('docker-compose', ['-f', path.join(ROOT, 'docker-compose.yml'), 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('deploy/nginx/roundtable.conf.template', () => {
  it('balances over exactly the compose app instances on their port', () => {
    const servers = [...nginx.matchAll(/^\s*server\s+([\w.-]+):(\d+)\b/gm)].map((m) => `${m[1]}:${m[2]}`);
    const port = appEnvironment('app1').PORT;
    expect(servers.sort()).toEqual(APPS.map((app) => `${app}:${port}`));
    expect(nginx).not.toMatch(/\b(ip_hash|sticky|hash\s+\$)/); // no stickiness needed (docs/DEPLOYMENT.md)
  });

  it('passes WebSocket upgrades and the browser’s Host (the Origin check compares with it) to the app', () => {
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    expect(nginx).toMatch(/proxy_set_header Upgrade\s+\$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection\s+\$connection_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Host\s+\$http_host;/);
    for (const location of ['/collab/', '/socket.io/']) {
      const block = new RegExp(`location ${location.replace(/[./]/g, '\\$&')} \\{([^}]*)\\}`).exec(nginx)?.[1];
      expect(block).toContain('proxy_pass http://roundtable;');
      expect(block).toMatch(/proxy_read_timeout 1h;/);
    }
    // proxy_set_header in a location would drop the server-level ones (nginx inheritance).
    expect(nginx.match(/proxy_set_header/g)).toHaveLength(5);
    expect(nginx.indexOf('proxy_set_header')).toBeLessThan(nginx.indexOf('location'));
  });

  it('keeps /api/metrics off the public side', () => {
    expect(nginx).toMatch(/location = \/api\/metrics \{\s*return 404;\s*\}/);
  });

  it('mentions no environment variable that the proxy service does not set (envsubst leaves them alone)', () => {
    const used = [...nginx.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]);
    const environment = compose.services.proxy?.environment ?? {};
    for (const name of used) expect(Object.keys(environment)).toContain(name);
  });
});
