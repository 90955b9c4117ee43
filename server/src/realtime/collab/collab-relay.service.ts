import { Injectable, Logger } from '@nestjs/common';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ClusterBus, describeError } from '../../platform';
import type { CollabDocument, DocumentRelayPort } from './collab-document';
import type { AppendedBatch } from './document.repository';

/** Message types on a document's channel. */
const UPDATES = 0;
const AWARENESS = 1;
/** "I just loaded this document: send me your connections' presence." */
const AWARENESS_QUERY = 2;

/** The Redis channel of one document. */
export function documentChannel(documentName: string): string {
  return `roundtable:collab:${documentName}`;
}

/**
 * Relays committed document updates and presence between the instances that
 * have a document loaded, through one Redis channel per document. Only
 * committed updates are relayed, each batch with the id range it covers, so a
 * receiver can tell a missed batch and read it from PostgreSQL (Redis may
 * drop messages; it never decides what the document contains).
 */
@Injectable()
export class CollabRelay implements DocumentRelayPort {
  private readonly logger = new Logger('CollabRelay');

  constructor(private readonly bus: ClusterBus) {}

  get enabled(): boolean {
    return this.bus.enabled;
  }

  /** Starts receiving a document's messages (before it loads); returns the function that stops. */
  async attach(document: CollabDocument): Promise<() => Promise<void>> {
    const unsubscribe = await this.bus.subscribe(documentChannel(document.name), (raw) => this.receive(document, raw));
    this.queryAwareness(document);
    return unsubscribe;
  }

  publishUpdates(document: CollabDocument, batch: AppendedBatch, updates: readonly Uint8Array[]): void {
    const encoder = this.header(UPDATES);
    encoding.writeVarString(encoder, batch.prevId);
    encoding.writeVarString(encoder, batch.lastId);
    encoding.writeVarUint(encoder, updates.length);
    for (const update of updates) encoding.writeVarUint8Array(encoder, update);
    this.bus.publish(documentChannel(document.name), Buffer.from(encoding.toUint8Array(encoder)));
  }

  publishAwareness(document: CollabDocument, update: Uint8Array): void {
    const encoder = this.header(AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
    this.bus.publish(documentChannel(document.name), Buffer.from(encoding.toUint8Array(encoder)));
  }

  /** Asks the other instances for their connections' presence (after a load or a Redis reconnect). */
  queryAwareness(document: CollabDocument): void {
    this.bus.publish(documentChannel(document.name), Buffer.from(encoding.toUint8Array(this.header(AWARENESS_QUERY))));
  }

  private header(type: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    encoding.writeVarString(encoder, this.bus.instanceId);
    return encoder;
  }

  private receive(document: CollabDocument, raw: Buffer): void {
    try {
      const decoder = decoding.createDecoder(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
      const type = decoding.readVarUint(decoder);
      if (decoding.readVarString(decoder) === this.bus.instanceId) return;
      switch (type) {
        case UPDATES: {
          const prevId = decoding.readVarString(decoder);
          const lastId = decoding.readVarString(decoder);
          const count = decoding.readVarUint(decoder);
          const updates: Uint8Array[] = [];
          for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
          if (!/^\d+$/.test(prevId) || !/^\d+$/.test(lastId)) throw new Error('bad id range');
          return document.receiveRemoteUpdates({ prevId, lastId }, updates);
        }
        case AWARENESS:
          return document.receiveRemoteAwareness(decoding.readVarUint8Array(decoder));
        case AWARENESS_QUERY: {
          const own = document.localAwarenessUpdate();
          if (own) this.publishAwareness(document, own);
          return;
        }
        default:
          throw new Error(`unknown message type ${type}`);
      }
    } catch (error) {
      // Repaired by the periodic catch-up; a bad message must not take the document down.
      this.logger.warn({ document: document.name, err: describeError(error) }, 'ignored a malformed relay message');
    }
  }
}
