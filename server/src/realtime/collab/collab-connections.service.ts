import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import type { WebSocket } from 'ws';
import { auditActor, AuditService } from '../../audit';
import { CompartmentsService } from '../../meeting';
import { APP_CONFIG, type AppConfig, describeError, LiveConnectionRegistry, within } from '../../platform';
import { RealtimeAuthenticator } from '../access/realtime-authenticator.service';
import { targetOf } from './collab-access.service';
import {
  CollabConnection,
  type CollabGrant,
  grantAuditActor,
  grantWriterId,
  type ProfessionalCollabGrant,
} from './collab-connection';
import type { CollabDocument } from './collab-document';
import { CollabDocumentRegistry } from './collab-document-registry';
import { UpdateValidator } from './update-validator';

/** How long shutdown waits for clients to answer the close frame before dropping them. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;

/**
 * The open collab connections of this process: each one registered for
 * access changes, its opening audited, attached to its document once loaded,
 * and pinged (COLLAB_PING_INTERVAL_MS) so a dead client does not hold its
 * slot; all of them closed, and their documents' writes flushed, at shutdown.
 */
@Injectable()
export class CollabConnectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CollabConnections');
  private readonly connections = new Set<CollabConnection>();
  private pinger: NodeJS.Timeout | null = null;
  /**
   * Decodes every connection's updates. Its first worker starts with the first
   * update to validate, not with the first connection (one that only reads never
   * needs one), and its workers stop with the app: each is a V8 isolate, and an
   * idle one left behind kept its app's whole heap alive.
   */
  private readonly validator = new UpdateValidator();

  constructor(
    private readonly documents: CollabDocumentRegistry,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly authenticator: RealtimeAuthenticator,
    private readonly audit: AuditService,
    private readonly compartments: CompartmentsService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'collabPingIntervalMs'>,
  ) {}

  onApplicationBootstrap(): void {
    this.pinger = setInterval(() => this.pingAll(), this.config.collabPingIntervalMs);
    this.pinger.unref();
  }

  /** After beforeApplicationShutdown, where the gateway closed every connection (shutdown()). */
  async onApplicationShutdown(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    await this.validator.close();
  }

  /** The update validator's worker threads (for tests). */
  get validatorWorkerCount(): number {
    return this.validator.workerCount;
  }

  /** Pings every connection; one that did not answer the previous ping is dropped (its slot comes back). */
  private pingAll(): void {
    for (const connection of this.connections) {
      if (connection.ping()) continue;
      this.logger.log(
        { document: connection.documentName, userId: connection.userId },
        'collab connection did not answer a ping; dropped',
      );
      connection.terminate();
    }
  }

  /** Open collab connections in this process. */
  get count(): number {
    return this.connections.size;
  }

  /**
   * Serves an upgraded WebSocket under its grant. Who opened the document is
   * recorded before they are sent any of it; a document that cannot be loaded,
   * or an opening that cannot be recorded, closes the connection with 4503.
   */
  open(ws: WebSocket, grant: CollabGrant): CollabConnection {
    const connection = new CollabConnection(
      ws,
      grant,
      this.logger,
      (reason) => void this.authenticator.auditRefusal(targetOf(grant), reason, grantAuditActor(grant)),
      this.validator,
    );
    this.connections.add(connection);
    const unregister = this.liveConnections.register(connection);
    if (grant.compartmentId !== undefined && !grant.family) {
      this.closeWhenOutsideAudience(connection, grant, grant.compartmentId);
    }
    let document: CollabDocument | null = null;
    connection.onEnd(() => {
      unregister();
      this.connections.delete(connection);
      if (document) this.documents.release(document);
    });
    this.logger.log(
      {
        document: grant.documentName,
        userId: grantWriterId(grant),
        role: grant.role,
        family: grant.family !== undefined,
      },
      'collab connected',
    );
    // Loading and auditing the opening run side by side; nothing is sent until both are done,
    // so who opened this child's record is still recorded before they see any of it.
    // A family member is not a user: no actor, the family member as subject (docs/FAMILY.md).
    const opened = this.audit.recordAlone(
      grant.family
        ? {
            type: 'document.opened',
            actor: null,
            meetingId: grant.meetingId,
            subject: { type: 'family-participant', id: grant.family.participantId },
            details: { document: grant.documentName },
          }
        : {
            type: 'document.opened',
            actor: auditActor(grant.session.user),
            meetingId: grant.meetingId,
            subject: { type: 'document', id: grant.documentName },
            details: { role: grant.role },
          },
    );
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
    return connection;
  }

  /**
   * A restricted compartment is open only to its audience, which depends on
   * the member's role (the chair is in every audience, observers only by
   * name): on a role change the audience is read afresh, and a member now
   * outside it is disconnected (4403). Removal from the meeting closes every
   * connection to it already (LiveConnectionRegistry).
   */
  private closeWhenOutsideAudience(
    connection: CollabConnection,
    grant: ProfessionalCollabGrant,
    compartmentId: string,
  ): void {
    connection.onRoleChanged((role) => {
      const member = { userId: grant.session.user.id, role, agency: grant.session.user.agency };
      this.compartments.mayOpen(grant.meetingId, compartmentId, member).then(
        (allowed) => {
          if (!allowed)
            connection.close(CLOSE_CODES.accessRevoked, 'Access to this restricted information was removed');
        },
        (error: unknown) => {
          this.logger.error({ document: grant.documentName, err: describeError(error) }, 'could not re-check audience');
          connection.close(CLOSE_CODES.accessRevoked, 'Access to this restricted information could not be checked');
        },
      );
    });
  }

  /**
   * Closes every connection (1001), which stops new updates; writes those
   * already queued, waits for compactions and frees every document; then
   * drops any peer that has not answered the close frame within 2 s.
   */
  async shutdown(): Promise<number> {
    const open = [...this.connections];
    for (const connection of open) connection.close(CLOSE_CODES.goingAway, 'Server shutting down');
    await this.documents.shutdown();
    await within(Promise.all(open.map((c) => c.whenSocketClosed())), CLOSE_HANDSHAKE_TIMEOUT_MS);
    for (const connection of open) connection.terminate();
    return open.length;
  }
}
