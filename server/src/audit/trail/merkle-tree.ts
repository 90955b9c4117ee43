import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency v2, the shape
 * C2SP tlog-checkpoint and tlog-tiles build on), over the audit trail: leaf
 * `i` is the audit entry with `seq = i + 1`, and a leaf's data is that entry's
 * 32-byte chain hash. Pure, no I/O: stored hashes reach the proof builders
 * through a {@link SubtreeHashes} callback.
 *
 * Sizes and indexes are plain numbers (safe up to 2^53; arithmetic, not
 * bitwise operators, so nothing wraps at 2^31).
 */

/** SHA-256 of the empty string: the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

export const HASH_SIZE = 32;

/** `items[i]`, which the caller knows is there (noUncheckedIndexedAccess). */
function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new RangeError(`index ${i} out of range`);
  return item;
}

/** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 ‖ d(0)). */
export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

/** RFC 9162 §2.1.1: an interior node, SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** The largest power of two strictly smaller than n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A complete subtree: the perfect tree of 2^level leaves starting at leaf
 * `index · 2^level` (the node C2SP tlog-tiles numbers the same way).
 */
export interface SubtreeId {
  level: number;
  index: number;
}

/** Returns the stored hash of a complete subtree (level 0: a leaf hash). */
export type SubtreeHashes = (level: number, index: number) => Buffer;

/**
 * The complete subtrees whose hashes make up MTH(D[start:end]) for a range
 * that RFC 9162's recursion can produce (start a multiple of a power of two
 * ≥ end − start): the binary digits of the length, biggest first.
 */
export function rangeSubtrees(start: number, end: number): SubtreeId[] {
  const out: SubtreeId[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    let level = 0;
    while (size * 2 <= end - at) {
      size *= 2;
      level += 1;
    }
    if (at % size !== 0) throw new RangeError(`[${start}, ${end}) is not a subtree range of an RFC 9162 tree`);
    out.push({ level, index: at / size });
    at += size;
  }
  return out;
}

/** MTH(D[start:end]) from the complete subtrees' hashes: folded right to left. */
export function rangeHash(start: number, end: number, getHash: SubtreeHashes): Buffer {
  if (end <= start) throw new RangeError(`empty range [${start}, ${end})`);
  const parts = rangeSubtrees(start, end).map(({ level, index }) => getHash(level, index));
  let hash = at(parts, parts.length - 1);
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(at(parts, i), hash);
  return hash;
}

/** RFC 9162 MTH over leaf hashes (already 0x00-prefixed and hashed). The empty tree's root is SHA-256(""). */
export function rootFromLeafHashes(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return Buffer.from(EMPTY_ROOT);
  // Stack of complete subtrees (the "compact range"), merged as leaves arrive.
  const stack: Buffer[] = [];
  for (let i = 0; i < hashes.length; i++) {
    let hash = at(hashes, i);
    for (let n = i; n % 2 === 1; n = Math.floor(n / 2)) hash = nodeHash(stack.pop() as Buffer, hash);
    stack.push(hash);
  }
  let root = at(stack, stack.length - 1);
  for (let i = stack.length - 2; i >= 0; i--) root = nodeHash(at(stack, i), root);
  return root;
}

/**
 * The right edge of a growing tree (one complete subtree per set bit of its
 * size): appends leaves and gives the root at any size in O(log n) memory,
 * for verifiers that stream the trail.
 */
export class CompactRange {
  private readonly stack: { level: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends a leaf hash (already SHA-256(0x00 ‖ data)). */
  append(leaf: Buffer): void {
    let node = { level: 0, hash: leaf };
    for (let top = this.stack.at(-1); top && top.level === node.level; top = this.stack.at(-1)) {
      this.stack.pop();
      node = { level: node.level + 1, hash: nodeHash(top.hash, node.hash) };
    }
    this.stack.push(node);
    this.count += 1;
  }

  /** The root of the tree of the leaves appended so far. */
  root(): Buffer {
    if (this.stack.length === 0) return Buffer.from(EMPTY_ROOT);
    let root = at(this.stack, this.stack.length - 1).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(at(this.stack, i).hash, root);
    return root;
  }
}

/**
 * Every complete subtree a tree of `leafHashes` has (level 0 = the leaves),
 * as `hashes[level][index]`. For building stored nodes in tests and tools.
 */
export function completeSubtrees(leafHashes: readonly Buffer[]): Buffer[][] {
  const levels: Buffer[][] = [leafHashes.slice()];
  for (let below = leafHashes.slice(); below.length >= 2; below = at(levels, levels.length - 1)) {
    const above: Buffer[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) above.push(nodeHash(at(below, i), at(below, i + 1)));
    levels.push(above);
  }
  return levels;
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, not ${value}`);
}

/** The leaf ranges whose hashes form PATH(index, D[0:size]), in proof order (nearest the leaf first). */
export function inclusionProofRanges(index: number, size: number): Array<[number, number]> {
  checkSize('index', index);
  checkSize('size', size);
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const siblings: Array<[number, number]> = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
    }
  }
  return siblings.reverse();
}

/** The leaf ranges whose hashes form PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1), in proof order. Empty when m = 0 or m = n. */
export function consistencyProofRanges(m: number, n: number): Array<[number, number]> {
  checkSize('from size', m);
  checkSize('to size', n);
  if (m > n) throw new RangeError(`a tree of size ${m} cannot be a prefix of one of size ${n}`);
  if (m === 0 || m === n) return [];
  // SUBPROOF(m, D[lo:hi], b), unrolled: each step records the sibling it appends.
  const siblings: Array<[number, number]> = [];
  let lo = 0;
  let hi = n;
  let mm = m;
  let complete = true;
  while (mm !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (mm <= k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
      mm -= k;
      complete = false;
    }
  }
  const head: Array<[number, number]> = complete ? [] : [[lo, hi]];
  return [...head, ...siblings.reverse()];
}

/** Every complete subtree a proof's ranges need: what a store must fetch before building the proof. */
export function subtreesFor(ranges: ReadonlyArray<readonly [number, number]>): SubtreeId[] {
  return ranges.flatMap(([start, end]) => rangeSubtrees(start, end));
}

/** RFC 9162 §2.1.3.1: the inclusion proof of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(index: number, size: number, getHash: SubtreeHashes): Buffer[] {
  return inclusionProofRanges(index, size).map(([start, end]) => rangeHash(start, end, getHash));
}

/** RFC 9162 §2.1.4.1: the consistency proof between the trees of the first m and the first n leaves. */
export function consistencyProof(m: number, n: number, getHash: SubtreeHashes): Buffer[] {
  return consistencyProofRanges(m, n).map(([start, end]) => rangeHash(start, end, getHash));
}

/** The root of the tree of the first `size` leaves, from stored complete subtrees. */
export function rootFromSubtrees(size: number, getHash: SubtreeHashes): Buffer {
  checkSize('size', size);
  return size === 0 ? Buffer.from(EMPTY_ROOT) : rangeHash(0, size, getHash);
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);
function isPowerOfTwo(x: number): boolean {
  let y = x;
  while (y > 1 && y % 2 === 0) y /= 2;
  return y === 1;
}

/** RFC 9162 §2.1.3.2: does `proof` show that `leaf` (a leaf hash) is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Buffer,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of size m with rootM is a prefix of the tree of size n with rootN? */
export function verifyConsistency(
  m: number,
  n: number,
  rootM: Buffer,
  rootN: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (m === n) return proof.length === 0 && rootM.equals(rootN);
  // Every tree extends the empty tree; there is nothing to prove.
  if (m === 0) return proof.length === 0 && rootM.equals(EMPTY_ROOT);
  if (proof.length === 0) return false;
  let path = proof;
  // m an exact power of two: the old root is itself a node of the new tree.
  if (isPowerOfTwo(m)) path = [rootM, ...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = at(path, 0);
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}
