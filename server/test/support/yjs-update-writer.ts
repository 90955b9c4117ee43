import * as encoding from 'lib0/encoding';

/** A struct to write into a hand-made Yjs v1 update (tests only: hostile shapes stock clients never send). */
export type RawStruct =
  | { kind: 'gc'; client: number; clock: number; length: number }
  | { kind: 'skip'; client: number; clock: number; length: number }
  | {
      kind: 'item';
      client: number;
      clock: number;
      text: string;
      origin?: { client: number; clock: number };
      rightOrigin?: { client: number; clock: number };
      /** Where an item without origins lives: a root type's name, or a nested type's ID. */
      parent?: string | { client: number; clock: number };
    };

export interface RawDeletion {
  client: number;
  clock: number;
  length: number;
}

/**
 * Encodes structs as a Yjs v1 update, one client section per run of structs
 * of the same client (in the order given, repeated sections included), and
 * the deletions as its delete set. Clocks are taken from each section's
 * first struct; the rest follow on.
 */
export function writeRawUpdate(structs: readonly RawStruct[], deletions: readonly RawDeletion[] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  const sections: RawStruct[][] = [];
  for (const struct of structs) {
    const last = sections.at(-1);
    if (last && last[0]?.client === struct.client) last.push(struct);
    else sections.push([struct]);
  }
  encoding.writeVarUint(encoder, sections.length);
  for (const section of sections) {
    encoding.writeVarUint(encoder, section.length);
    encoding.writeVarUint(encoder, section[0]!.client);
    encoding.writeVarUint(encoder, section[0]!.clock);
    for (const struct of section) writeStruct(encoder, struct);
  }
  const byClient = new Map<number, RawDeletion[]>();
  for (const deletion of deletions) byClient.set(deletion.client, [...(byClient.get(deletion.client) ?? []), deletion]);
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const range of ranges) {
      encoding.writeVarUint(encoder, range.clock);
      encoding.writeVarUint(encoder, range.length);
    }
  }
  return encoding.toUint8Array(encoder);
}

function writeStruct(encoder: encoding.Encoder, struct: RawStruct): void {
  if (struct.kind === 'gc') {
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  if (struct.kind === 'skip') {
    encoding.writeUint8(encoder, 10);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  const CONTENT_STRING = 4;
  const info = CONTENT_STRING | (struct.origin ? 0x80 : 0) | (struct.rightOrigin ? 0x40 : 0);
  encoding.writeUint8(encoder, info);
  if (struct.origin) writeId(encoder, struct.origin);
  if (struct.rightOrigin) writeId(encoder, struct.rightOrigin);
  if (!struct.origin && !struct.rightOrigin) {
    const parent = struct.parent ?? 'text';
    if (typeof parent === 'string') {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      writeId(encoder, parent);
    }
  }
  encoding.writeVarString(encoder, struct.text);
}

function writeId(encoder: encoding.Encoder, id: { client: number; clock: number }): void {
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, id.clock);
}
