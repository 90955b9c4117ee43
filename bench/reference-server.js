// @ts-check
/**
 * The reference: the stock @y/websocket-server 0.1.1 (`setupWSConnection`
 * from its utils) on a plain `ws` server, no persistence, no authentication.
 * Serves `ws://127.0.0.1:<port>/collab/<document name>`, the same URL shape
 * as Roundtable, and answers any HTTP request with 200 (readiness).
 *
 *   node bench/reference-server.js <port>
 */
import http from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: node reference-server.js <port>\n');
  process.exit(2);
}

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('reference y-websocket server');
});
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const prefix = '/collab/';
  if (!req.url?.startsWith(prefix)) {
    socket.destroy();
    return;
  }
  const docName = decodeURIComponent(req.url.slice(prefix.length).split('?')[0] ?? '');
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
});
server.listen(port, '127.0.0.1');

// Started by the bench over IPC: when the bench goes away, so does the reference.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
