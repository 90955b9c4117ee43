import { type AuditEntryContent, entryHash } from './audit-chain';

/** An entry whose details exercise RFC 8785's rules: key order by UTF-16 code units, number forms, non-ASCII text. */
function buildEntry(overrides: Partial<AuditEntryContent> = {}): AuditEntryContent {
  return {
    seq: 42,
    occurredAt: '2026-03-02T13:05:07.123Z',
    type: 'view.recorded',
    outcome: 'success',
    actorUserId: '0b6a3c62-1c1e-4c9c-9a53-6f1d2f0b7a10',
    actorAgency: 'police',
    meetingId: '9d0f5c1e-3a7b-4e2f-8c6d-1b2a3c4d5e6f',
    subjectType: 'decision',
    subjectId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
    details: {
      z: [3, 1.5, -0, 1e21, 0.000001],
      é: 'café',
      '€': true,
      a: { nested: null, b: ['x', { y: 'ü' }] },
      '10': 'ten',
      '9': 'nine',
    },
    ...overrides,
  };
}

describe('entryHash', () => {
  it('gives the hash every stored entry was written with (a chain stays verifiable across library upgrades)', () => {
    // Computed with canonicalize 5.1.0, before the move to 4.0.0 (the last line for Node 20).
    expect(entryHash(Buffer.from('5f'.repeat(32), 'hex'), buildEntry()).toString('hex')).toBe(
      '688a8cf32a2a176031f082c88ec4f8b2bde5759989ce4513a857fba462349336',
    );
  });

  it('does not depend on the order of the details', () => {
    const entry = buildEntry();
    const reordered = buildEntry({ details: Object.fromEntries(Object.entries(entry.details).reverse()) });
    expect(entryHash(Buffer.alloc(32), reordered)).toEqual(entryHash(Buffer.alloc(32), entry));
  });

  it('refuses details that are not valid Unicode rather than hash them', () => {
    expect(() => entryHash(Buffer.alloc(32), buildEntry({ details: { code: 'a\ud800b' } }))).toThrow(/surrogate/);
  });
});
