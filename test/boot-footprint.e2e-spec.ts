import { spawnSync } from 'node:child_process';
import path from 'node:path';

const SERVER_DIST = path.join(__dirname, '..', 'server', 'dist');

/**
 * Client libraries for what a deployment may leave out (Redis for several
 * instances, an SMTP server) or uses rarely (a QR code when someone sets up
 * two-factor sign-in, a PDF when a record is sealed) load when used, not at
 * boot: an instance that never uses them does not carry them (issue 20,
 * memory; docs/BENCHMARKS.md). The built server's modules are loaded in a
 * process of their own, as `node server/dist/main.js` loads them.
 */
describe('the built server at boot', () => {
  it('loads no client library for Redis, SMTP, QR codes or PDFs until one is used', () => {
    const script = `
      require(${JSON.stringify(path.join(SERVER_DIST, 'platform', 'index.js'))});
      require(${JSON.stringify(path.join(SERVER_DIST, 'app.factory.js'))});
      const packages = new Set();
      for (const file of Object.keys(require.cache)) {
        const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
        if (match) packages.add(match[1]);
      }
      process.stdout.write(JSON.stringify([...packages]));
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout) as string[];
    // The modules did load (the check would pass vacuously otherwise).
    expect(loaded).toEqual(expect.arrayContaining(['@nestjs/core', 'typeorm', 'yjs', 'pino']));
    const optional = ['redis', 'ioredis', '@socket.io/redis-adapter', 'nodemailer', 'qrcode', 'pdfkit'];
    const optionalLoaded = loaded.filter((name) => optional.includes(name) || name.startsWith('@redis/'));
    expect(optionalLoaded).toEqual([]);
  });
});
