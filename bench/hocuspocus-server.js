// @ts-check
/**
 * The peer: @hocuspocus/server 3.4.4 (the newest that runs on Node 20; 4.x
 * requires Node >= 22) with @hocuspocus/extension-database storing to the
 * bench's PostgreSQL database in its own table, the way Hocuspocus's
 * documentation shows it: `fetch` reads the document's stored state, `store`
 * upserts the whole state (`Y.encodeStateAsUpdate`) under its name. Everything
 * else is Hocuspocus's default: stores are debounced (2 s, at most 10 s), a
 * document is stored and unloaded as soon as its last client leaves, no
 * authentication hook.
 *
 *   node bench/hocuspocus-server.js <port> <database url>
 *
 * Answers any HTTP request with 200 (Hocuspocus's own welcome page), so the
 * bench can wait for readiness.
 */
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import pg from 'pg';

const port = Number(process.argv[2]);
const databaseUrl = process.argv[3];
if (!Number.isInteger(port) || port <= 0 || !databaseUrl) {
  process.stderr.write('usage: node hocuspocus-server.js <port> <database url>\n');
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
await pool.query(
  'CREATE TABLE IF NOT EXISTS hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())',
);

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query('SELECT data FROM hocuspocus_documents WHERE name = $1', [documentName]);
        return rows[0]?.data ?? null;
      },
      store: async ({ documentName, state }) => {
        await pool.query(
          `INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
          [documentName, state],
        );
      },
    }),
  ],
});
await server.listen();

const stop = async () => {
  await server.destroy().catch(() => undefined);
  await pool.end().catch(() => undefined);
  process.exit(0);
};
// Started by the bench over IPC: when the bench goes away, so does this server.
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
