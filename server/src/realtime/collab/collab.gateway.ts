import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LIMITS } from '@roundtable/shared/constants';
import { COLLAB_PATH, parseCollabDocumentName } from '@roundtable/shared/realtime';
import { WebSocketServer } from 'ws';
import { describeError } from '../../platform';
import { CollabAccessService } from './collab-access.service';
import { CollabConnectionsService } from './collab-connections.service';

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** engine.io's default path, where socket.io's `/meetings` namespace is served. */
const SOCKET_IO_PATH = '/socket.io/';

/**
 * The y-websocket endpoint at `/collab/<document name>` on the app's one HTTP
 * server. Upgrades are authenticated and authorised before the handshake
 * completes; a refused upgrade gets a plain HTTP status and no document state.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CollabGateway.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.collabMaxFrameBytes });
  private server: Server | null = null;
  private accepting = true;
  private shutdown: Promise<void> | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: CollabAccessService,
    private readonly connections: CollabConnectionsService,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) {
      this.logger.warn('no HTTP server; the collab endpoint is not served');
      return;
    }
    this.server = server;
    server.on('upgrade', this.onUpgrade);
  }

  /** Stops accepting upgrades, closes connections (1001), writes queued updates, frees documents. Idempotent. */
  beforeApplicationShutdown(): Promise<void> {
    return (this.shutdown ??= this.shutDown());
  }

  /** Open collab connections in this process (for tests and health). */
  get connectionCount(): number {
    return this.connections.count;
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = request.url ?? '';
    if (!path.startsWith(`${COLLAB_PATH}/`)) {
      // engine.io (socket.io) answers its own path. Any other path nobody answers:
      // engine.io would only drop it after a second, without a status.
      const otherListeners = this.server ? this.server.listenerCount('upgrade') > 1 : false;
      if (!otherListeners || !path.startsWith(SOCKET_IO_PATH)) refuseUpgrade(socket, 404);
      return;
    }
    socket.on('error', () => undefined); // a client vanishing mid-handshake is not our error
    this.handleUpgrade(request, socket, head).catch((error: unknown) => {
      // The document asked for (never the query string: it may hold a ticket), for whoever is on call.
      const asked = path.slice(COLLAB_PATH.length + 1).split('?')[0] ?? '';
      const document = parseCollabDocumentName(asked) ? asked : undefined;
      this.logger.error({ document, err: describeError(error) }, 'collab upgrade failed');
      refuseUpgrade(socket, 503);
    });
  };

  private async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!this.accepting) return refuseUpgrade(socket, 503);
    const decision = await this.access.authorizeUpgrade(request);
    if (!decision.ok) return refuseUpgrade(socket, decision.status);
    if (!this.accepting) return refuseUpgrade(socket, 503);
    if (socket.destroyed) return;
    const releaseSlot = await this.access.claimConnectionSlot(decision.grant);
    if (!releaseSlot) return refuseUpgrade(socket, 429);
    // The client may have gone while its slot was counted (across instances, in Redis).
    if (socket.destroyed) return releaseSlot();
    // The raw socket closes however the connection ends, even if the handshake below is aborted.
    socket.once('close', releaseSlot);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.connections.open(ws, decision.grant));
  }

  private async shutDown(): Promise<void> {
    this.accepting = false;
    this.server?.off('upgrade', this.onUpgrade);
    const closed = await this.connections.shutdown();
    this.wss.close();
    this.logger.log({ connections: closed }, 'collab endpoint shut down');
  }
}

/**
 * Answers an upgrade with a plain HTTP status on the raw socket and closes
 * it, before any WebSocket frame (and so any document state) is sent.
 */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed || !socket.writable) return;
  const text = STATUS_TEXT[status] ?? 'Error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
