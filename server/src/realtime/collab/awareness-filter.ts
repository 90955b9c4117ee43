import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '@roundtable/shared/realtime';
import { MalformedMessageError } from './collab-protocol';

/**
 * Awareness (presence) is not authenticated by y-protocols: any client can
 * publish a state for any clientID and any name, or erase other people's
 * presence. These pure functions decide what a connection may publish and
 * rewrite it so that identity always comes from the server.
 */

/** One entry of an awareness update: a clientID, its clock and its state as JSON text (`null` = gone). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** What the filter needs to know about the sending connection. */
export interface AwarenessFilterContext {
  /** The Yjs clientID already bound to this connection, or null before its first state. */
  boundClientId: number | null;
  /** True when another connection (or the server itself) owns this clientID. */
  isClaimedElsewhere(clientId: number): boolean;
  /** The sender as the server knows them; replaces whatever `user` the client sent. */
  presence: PresenceUser;
  /** Largest state accepted, in bytes of JSON as sent. */
  maxStateBytes: number;
}

export interface AwarenessFilterResult {
  /** Entries to apply, with `user` rewritten. */
  accepted: AwarenessEntry[];
  /** The connection's clientID after this update (bound by its first accepted state). */
  boundClientId: number | null;
  /** How many entries were refused (foreign clientID, too large, not an object). */
  dropped: number;
}

// Keys that would change an object's prototype if copied onto a plain object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Decodes an awareness update into entries without parsing the states.
 * @throws MalformedMessageError when the bytes are not an awareness update.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    // Each entry takes at least 3 bytes; refuse absurd counts before looping.
    if (count * 3 > update.length) throw new MalformedMessageError('awareness entry count exceeds the frame');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      entries.push({ clientId, clock, json });
    }
    return entries;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('truncated awareness update');
  }
}

/** Encodes entries in the y-protocols awareness update format. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Keeps only entries for the connection's own clientID (binding the first
 * one it publishes), drops states that are too large or not JSON objects,
 * and overwrites `user` with the server's presence.
 * @throws MalformedMessageError when a state is not valid JSON.
 */
export function filterAwarenessEntries(
  entries: readonly AwarenessEntry[],
  context: AwarenessFilterContext,
): AwarenessFilterResult {
  let bound = context.boundClientId;
  const accepted: AwarenessEntry[] = [];
  for (const entry of entries) {
    // Measured before parsing, so an oversized state costs no JSON work.
    if (Buffer.byteLength(entry.json, 'utf8') > context.maxStateBytes) continue;
    const state = parseState(entry.json);
    if (state === undefined) continue;
    if (bound === null && state !== null && !context.isClaimedElsewhere(entry.clientId)) bound = entry.clientId;
    if (entry.clientId !== bound) continue;
    const json = state === null ? 'null' : JSON.stringify(withPresence(state, context.presence));
    accepted.push({ clientId: entry.clientId, clock: entry.clock, json });
  }
  return { accepted, boundClientId: bound, dropped: entries.length - accepted.length };
}

/** A copy of a client's state with `user` replaced by the server's presence. */
export function withPresence(state: Record<string, unknown>, presence: PresenceUser): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (key === 'user' || FORBIDDEN_KEYS.has(key)) continue;
    out[key] = value;
  }
  out.user = presence;
  return out;
}

/** The parsed state: an object, null (client gone), or undefined for anything else (dropped). */
function parseState(json: string): Record<string, unknown> | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new MalformedMessageError('awareness state is not JSON');
  }
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}
