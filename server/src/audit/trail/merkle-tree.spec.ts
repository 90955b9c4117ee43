import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  CompactRange,
  completeSubtrees,
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
  rootFromSubtrees,
  type SubtreeHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree';
import { mth, path, proof } from '../../../test/support/rfc9162-checker';

// The independent checker, written from RFC 9162 §2.1's recursive definitions (none of the module's code).
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

// ---- helpers -----------------------------------------------------------------------------------------------------
const hex = (b: Buffer): string => b.toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');
function flip(hash: Buffer, bit: number): void {
  hash.writeUInt8((hash.readUInt8(bit % 32) ^ (1 << (bit % 8))) & 0xff, bit % 32);
}
/** Leaf data as the audit trail has it: 32-byte chain hashes. */
const chainHashes = (n: number, salt = 0): Buffer[] =>
  Array.from({ length: n }, (_, i) => sha(Buffer.from(`entry ${i} salt ${salt}`)));
function store(data: Buffer[]): SubtreeHashes {
  const levels = completeSubtrees(data.map(leafHash));
  return (level, index) => {
    const hash = levels[level]?.[index];
    if (!hash) throw new Error(`no stored subtree ${level}/${index}`);
    return hash;
  };
}

describe('Merkle tree (RFC 9162 §2.1)', () => {
  // RFC 6962 / transparency-dev reference vectors (leaves and roots for sizes 1..8, proofs).
  const CT_LEAVES = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map(unhex);
  const CT_ROOTS = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('matches the published reference roots, and the empty tree is SHA-256("")', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(rootFromLeafHashes([]))).toBe(hex(EMPTY_ROOT));
    const leaves = CT_LEAVES.map(leafHash);
    for (let n = 1; n <= 8; n++) {
      expect(hex(rootFromLeafHashes(leaves.slice(0, n)))).toBe(CT_ROOTS[n - 1]);
      expect(hex(rootFromSubtrees(n, store(CT_LEAVES.slice(0, n))))).toBe(CT_ROOTS[n - 1]);
      expect(hex(mth(CT_LEAVES.slice(0, n)))).toBe(CT_ROOTS[n - 1]); // the checker agrees too
    }
    expect(hex(nodeHash(leaves[0] as Buffer, leaves[1] as Buffer))).toBe(CT_ROOTS[1]);
  });

  it('matches the published inclusion and consistency proofs', () => {
    const get = store(CT_LEAVES);
    expect(inclusionProof(0, 8, get).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(inclusionProof(5, 8, get).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistencyProof(2, 8, get).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(consistencyProof(6, 8, get).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistencyProof(2, 5, store(CT_LEAVES.slice(0, 5))).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    const root = (n: number): Buffer => unhex(CT_ROOTS[n - 1] as string);
    expect(verifyConsistency(6, 8, root(6), root(8), consistencyProof(6, 8, get))).toBe(true);
    expect(verifyConsistency(6, 8, root(5), root(8), consistencyProof(6, 8, get))).toBe(false);
  });

  it('every size 0..70: the root, every inclusion proof and every consistency proof equal the RFC recursion', () => {
    const data = chainHashes(70);
    for (let n = 0; n <= data.length; n++) {
      const d = data.slice(0, n);
      const get = store(d);
      const root = mth(d);
      expect(hex(rootFromLeafHashes(d.map(leafHash)))).toBe(hex(root));
      expect(hex(rootFromSubtrees(n, get))).toBe(hex(root));
      for (let i = 0; i < n; i++) {
        const p = inclusionProof(i, n, get);
        expect(p.map(hex)).toEqual(path(i, d).map(hex));
        expect(verifyInclusion(i, n, leafHash(d[i] as Buffer), p, root)).toBe(true);
      }
      for (let m = 1; m < n; m++) {
        const p = consistencyProof(m, n, get);
        expect(p.map(hex)).toEqual(proof(m, d).map(hex));
        expect(verifyConsistency(m, n, mth(d.slice(0, m)), root, p)).toBe(true);
      }
    }
  });

  it('property: inclusion proofs for random sizes verify, and any tampering is rejected', () => {
    const data = chainHashes(600, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
        fc.nat(),
        fc.nat(),
        ([n, i], which, bit) => {
          const d = data.slice(0, n);
          const get = store(d);
          const root = mth(d);
          const p = inclusionProof(i, n, get);
          expect(p.map(hex)).toEqual(path(i, d).map(hex));
          const leaf = leafHash(d[i] as Buffer);
          expect(verifyInclusion(i, n, leaf, p, root)).toBe(true);
          // A different leaf, index, size, root, or a flipped bit in the proof: rejected.
          expect(verifyInclusion(i, n, leafHash(sha(d[i] as Buffer)), p, root)).toBe(false);
          if (n > 1) expect(verifyInclusion((i + 1) % n, n, leaf, p, root)).toBe(false);
          // (A different tree size with the same proof shape is not caught here: the signed checkpoint binds size to root.)
          expect(verifyInclusion(i, n, leaf, p, sha(root))).toBe(false);
          expect(verifyInclusion(n, n, leaf, p, root)).toBe(false);
          if (p.length > 0) {
            const tampered = p.map((h) => Buffer.from(h));
            const at = which % p.length;
            flip(tampered[at] as Buffer, bit);
            expect(verifyInclusion(i, n, leaf, tampered, root)).toBe(false);
            expect(verifyInclusion(i, n, leaf, p.slice(0, -1), root)).toBe(false);
            expect(verifyInclusion(i, n, leaf, [...p, p[0] as Buffer], root)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: consistency proofs between random sizes verify, and forks or tampering are rejected', () => {
    const data = chainHashes(600, 2);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n))),
        fc.nat(),
        fc.nat(),
        ([m, n], which, bit) => {
          const d = data.slice(0, n);
          const get = store(d);
          const rootM = mth(d.slice(0, m));
          const rootN = mth(d);
          const p = consistencyProof(m, n, get);
          expect(p.map(hex)).toEqual(proof(m, d).map(hex));
          expect(verifyConsistency(m, n, rootM, rootN, p)).toBe(true);
          if (m === n) return;
          // A fork: the same size m, one old entry rewritten.
          const forked = d.slice(0, m);
          forked[which % m] = sha(forked[which % m] as Buffer);
          expect(verifyConsistency(m, n, mth(forked), rootN, p)).toBe(false);
          expect(verifyConsistency(m, n, rootM, sha(rootN), p)).toBe(false);
          if (m > 1) expect(verifyConsistency(m - 1, n, mth(d.slice(0, m - 1)), rootN, p)).toBe(false);
          const tampered = p.map((h) => Buffer.from(h));
          flip(tampered[which % p.length] as Buffer, bit);
          expect(verifyConsistency(m, n, rootM, rootN, tampered)).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, p.slice(1))).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, [...p, p[0] as Buffer])).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a compact range gives the RFC 9162 root at every size as leaves stream in', () => {
    const data = chainHashes(130, 3);
    const range = new CompactRange();
    expect(hex(range.root())).toBe(hex(EMPTY_ROOT));
    data.forEach((d, i) => {
      range.append(leafHash(d));
      expect(range.size).toBe(i + 1);
      expect(hex(range.root())).toBe(hex(mth(data.slice(0, i + 1))));
    });
  });

  it('trivial and malformed cases', () => {
    const get = store(chainHashes(4));
    expect(consistencyProof(0, 4, get)).toEqual([]);
    expect(consistencyProof(4, 4, get)).toEqual([]);
    expect(verifyConsistency(0, 4, EMPTY_ROOT, rootFromSubtrees(4, get), [])).toBe(true);
    expect(verifyConsistency(5, 4, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(false);
    expect(() => inclusionProof(4, 4, get)).toThrow(RangeError);
    expect(() => inclusionProof(-1, 4, get)).toThrow(RangeError);
    expect(() => consistencyProof(5, 4, get)).toThrow(RangeError);
    expect(verifyInclusion(0, 1, leafHash(Buffer.alloc(32)), [], leafHash(Buffer.alloc(32)))).toBe(true);
    expect(verifyInclusion(0, 2, Buffer.alloc(32), [Buffer.alloc(31)], Buffer.alloc(32))).toBe(false);
  });
});
