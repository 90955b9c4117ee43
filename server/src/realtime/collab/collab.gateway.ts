import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LIMITS } from '@roundtable/shared/constants';
import { CLOSE_CODES, COLLAB_PATH, parseDocumentName } from '@roundtable/shared/realtime';
import { type WebSocket, WebSocketServer } from 'ws';
import { describeError, LiveConnectionRegistry } from '../../platform';
import { auditActor, AuditService } from '../../audit';
import { type AuditedRefusal, CollabAccessService } from './collab-access.service';
import { CollabConnection, type CollabGrant } from './collab-connection';
import type { CollabDocument } from './collab-document';
import { CollabDocumentRegistry } from './collab-document-registry';

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** engine.io's default path, where socket.io's `/meetings` namespace is served. */
const SOCKET_IO_PATH = '/socket.io/';

/** How long shutdown waits for clients to answer the close frame before dropping them. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;

/**
 * The y-websocket endpoint at `/collab/<document name>` on the app's one HTTP
 * server. Upgrades are authenticated and authorised before the handshake
 * completes; a refused upgrade gets a plain HTTP status and no document state.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CollabGateway.name);
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.collabMaxFrameBytes });
  private readonly connections = new Set<CollabConnection>();
  private server: Server | null = null;
  private accepting = true;
  private shutdown: Promise<void> | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: CollabAccessService,
    private readonly documents: CollabDocumentRegistry,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly audit: AuditService,
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
    return this.connections.size;
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
      const document = parseDocumentName(asked) ? asked : undefined;
      this.logger.error({ document, err: describeError(error) }, 'collab upgrade failed');
      refuseUpgrade(socket, 503);
    });
  };

  private async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!this.accepting) return refuseUpgrade(socket, 503);
    const decision = await this.access.authorizeUpgrade(request);
    if (!decision.ok) {
      this.logger.log({ status: decision.status, reason: decision.reason }, 'collab upgrade refused');
      if (decision.audit) await this.auditRefusal(decision.audit);
      return refuseUpgrade(socket, decision.status);
    }
    if (!this.accepting) return refuseUpgrade(socket, 503);
    if (socket.destroyed) return;
    const userId = decision.grant.session.user.id;
    const releaseSlot = this.liveConnections.claimConnectionSlot(userId, LIMITS.connectionsPerUserMax);
    if (!releaseSlot) {
      // Logged, not audited: it is not an access decision, and a client retrying in a loop would flood the trail.
      this.logger.warn(
        { status: 429, userId, document: decision.grant.documentName, max: LIMITS.connectionsPerUserMax },
        'collab upgrade refused: too many connections for this user',
      );
      return refuseUpgrade(socket, 429);
    }
    // The raw socket closes however the connection ends, even if the handshake below is aborted.
    socket.once('close', releaseSlot);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, decision.grant));
  }

  private accept(ws: WebSocket, grant: CollabGrant): void {
    const connection = new CollabConnection(
      ws,
      grant,
      this.logger,
      () =>
        void this.auditRefusal({
          reason: 'read-only-write',
          meetingId: grant.meetingId,
          documentName: grant.documentName,
          actor: auditActor(grant.session.user),
        }),
    );
    this.connections.add(connection);
    const unregister = this.liveConnections.register(connection);
    let document: CollabDocument | null = null;
    connection.onEnd(() => {
      unregister();
      this.connections.delete(connection);
      if (document) this.documents.release(document);
    });
    this.logger.log(
      { document: grant.documentName, userId: grant.session.user.id, role: grant.role },
      'collab connected',
    );
    // Loading and auditing the opening run side by side; nothing is sent until both are done,
    // so who opened this child's record is still recorded before they see any of it.
    const opened = this.audit.recordAlone({
      type: 'document.opened',
      actor: auditActor(grant.session.user),
      meetingId: grant.meetingId,
      subject: { type: 'document', id: grant.documentName },
      details: { role: grant.role },
    });
    const loading = this.documents.acquire(grant.documentName);
    void Promise.allSettled([loading, opened]).then(([load, audit]) => {
      if (load.status === 'fulfilled') {
        if (connection.isEnded) return this.documents.release(load.value);
        document = load.value;
      }
      if (connection.isEnded) return;
      if (load.status === 'rejected')
        return connection.close(CLOSE_CODES.storageUnavailable, 'Could not load the record');
      if (audit.status === 'rejected') {
        this.logger.error(
          { document: grant.documentName, err: describeError(audit.reason) },
          'could not audit opening',
        );
        return connection.close(CLOSE_CODES.storageUnavailable, 'Could not record access to the record');
      }
      connection.attach(load.value);
    });
  }

  private async auditRefusal(refusal: AuditedRefusal): Promise<void> {
    try {
      await this.audit.recordAlone({
        type: 'access.refused',
        outcome: 'refused',
        actor: refusal.actor,
        meetingId: refusal.meetingId,
        subject: { type: 'document', id: refusal.documentName },
        details: { channel: 'collab', reason: refusal.reason },
      });
    } catch (error) {
      this.logger.error({ err: describeError(error) }, 'could not audit a refused upgrade');
    }
  }

  private async shutDown(): Promise<void> {
    this.accepting = false;
    this.server?.off('upgrade', this.onUpgrade);
    const open = [...this.connections];
    // Closing first stops new updates; those already queued are still written below.
    for (const connection of open) connection.close(CLOSE_CODES.goingAway, 'Server shutting down');
    await this.documents.shutdown();
    await Promise.race([
      Promise.all(open.map((c) => c.whenSocketClosed())),
      new Promise((resolve) => setTimeout(resolve, CLOSE_HANDSHAKE_TIMEOUT_MS).unref()),
    ]);
    for (const connection of open) connection.terminate();
    this.wss.close();
    this.logger.log({ connections: open.length }, 'collab endpoint shut down');
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
