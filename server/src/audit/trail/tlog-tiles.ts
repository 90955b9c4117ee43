/**
 * C2SP tlog-tiles paths (https://c2sp.org/tlog-tiles): `tile/<L>/<N>[.p/<W>]`
 * holds the hashes of tree level 8·L, nodes N·256 … N·256+W−1 (W = 256 when
 * full), concatenated; `tile/entries/<N>[.p/<W>]` holds entries N·256 … as a
 * bundle (each a big-endian u16 length, then the data). N is written in
 * three-digit groups, all but the last prefixed with `x`: 1234067 →
 * `x001/x234/067`. Pure; the store serves the bytes.
 */

export const TILE_WIDTH = 256;
/** Tree levels go up to 62 (audit_tree_nodes): tile levels 0–7. */
export const MAX_TILE_LEVEL = 7;

export type TileRequest =
  { kind: 'hashes'; level: number; index: number; width: number } | { kind: 'entries'; index: number; width: number };

/** Parses the part of a tile path after `tile/`; null when it is not a canonical tile path. */
export function parseTilePath(path: string): TileRequest | null {
  const parts = path.split('/');
  const head = parts.shift();
  if (head === undefined) return null;
  let width = TILE_WIDTH;
  const last = parts.at(-2);
  if (last?.endsWith('.p')) {
    const w = parts.pop() as string;
    if (!/^[1-9][0-9]{0,2}$/.test(w) || Number(w) >= TILE_WIDTH) return null;
    width = Number(w);
    parts[parts.length - 1] = last.slice(0, -2);
  }
  const index = parseTileIndex(parts);
  if (index === null) return null;
  if (head === 'entries') return { kind: 'entries', index, width };
  if (!/^[0-9]$/.test(head) || Number(head) > MAX_TILE_LEVEL) return null;
  return { kind: 'hashes', level: Number(head), index, width };
}

function parseTileIndex(parts: readonly string[]): number | null {
  if (parts.length === 0 || parts.length > 6) return null;
  let index = 0;
  for (const [i, part] of parts.entries()) {
    const isLast = i === parts.length - 1;
    const match = (isLast ? /^([0-9]{3})$/ : /^x([0-9]{3})$/).exec(part);
    if (!match) return null;
    index = index * 1000 + Number(match[1]);
  }
  // Canonical: no leading x000 groups.
  if (parts.length > 1 && parts[0] === 'x000') return null;
  return Number.isSafeInteger(index) ? index : null;
}

/** The path of a tile index: 1234067 → `x001/x234/067`. */
export function tileIndexPath(index: number): string {
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** An entry bundle: each entry as a big-endian u16 length, then its bytes. */
export function entryBundle(entries: readonly Buffer[]): Buffer {
  return Buffer.concat(
    entries.flatMap((e) => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(e.length);
      return [length, e];
    }),
  );
}
