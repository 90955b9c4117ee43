import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from './webhook-sender';

describe('posting a webhook', () => {
  let server: Server;
  const hits: string[] = [];
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') return res.writeHead(302, { location: '/elsewhere' }).end();
      if (req.url === '/slow') return; // never answers
      if (req.url === '/big') return res.writeHead(503).end('x'.repeat(100_000));
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, publicOnly = false) =>
    postWebhook(`${base}${path}`, { 'webhook-id': 'msg_1' }, '{"type":"x"}', { timeoutMs: 500, publicOnly });

  it('counts any 2xx as delivered', async () => {
    expect(await post('/ok')).toMatchObject({ statusCode: 204, succeeded: true, error: null });
  });

  it('never follows a redirect', async () => {
    hits.length = 0;
    expect(await post('/redirect')).toMatchObject({
      statusCode: 302,
      succeeded: false,
      error: 'redirect not followed (HTTP 302)',
    });
    expect(hits).toEqual(['/redirect']);
  });

  it('gives up after the timeout', async () => {
    const outcome = await post('/slow');
    expect(outcome).toMatchObject({ statusCode: null, succeeded: false, error: 'no answer within 0.5 s' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(450);
  });

  it('keeps a short snippet of a long answer', async () => {
    const outcome = await post('/big');
    expect(outcome).toMatchObject({ statusCode: 503, succeeded: false });
    expect(outcome.responseSnippet).toHaveLength(200);
  });

  it('refuses a non-public address when public addresses only are allowed (production), by literal or by name', async () => {
    hits.length = 0;
    expect(await post('/ok', true)).toMatchObject({
      succeeded: false,
      error: 'refused: 127.0.0.1 is not a public address',
    });
    const port = (server.address() as AddressInfo).port;
    const byName = await postWebhook(`http://localhost:${port}/ok`, {}, '{}', { timeoutMs: 500, publicOnly: true });
    expect(byName).toMatchObject({ succeeded: false, error: 'refused: localhost resolves to a non-public address' });
    expect(hits).toEqual([]);
  });
});
