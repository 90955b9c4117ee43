import { buildRecordModel, IDS } from '../sealed-records/record-model.factory';
import { exportRecord, MAX_REFUSAL_ISSUES } from './record-export.mapper';

const FILES = { pdfSha256: 'a'.repeat(64), htmlSha256: 'b'.repeat(64) };

describe('exportRecord', () => {
  it('gives the export of a model that matches the published schema', () => {
    const result = exportRecord(buildRecordModel(), 'strategy-discussion', FILES);
    expect(result.ok).toBe(true);
  });

  it('refuses an audience of a kind the schema does not know, saying where and never what', () => {
    const model = buildRecordModel({
      protectedPersons: [
        {
          id: IDS.referrer,
          role: 'referrer',
          label: 'the referrer',
          name: 'Mrs Protected Caller',
          audience: { kind: 'everyone' as never, agencies: [], userIds: [] },
        },
      ],
    });
    const result = exportRecord(model, 'strategy-discussion', FILES);
    expect(result).toEqual({
      ok: false,
      refusal: {
        schemaVersion: 1,
        issues: [{ path: 'protectedPersons.0.audience.kind', code: 'invalid_value' }],
        issueCount: 1,
      },
    });
    expect(JSON.stringify(result)).not.toContain('Mrs Protected Caller');
    expect(JSON.stringify(result)).not.toContain('everyone');
  });

  it('keeps the first issues of many, and how many there were', () => {
    const bad = { kind: 'everyone' as never, agencies: [], userIds: [] };
    const model = buildRecordModel({
      protectedPersons: Array.from({ length: MAX_REFUSAL_ISSUES + 5 }, (_, i) => ({
        id: IDS.referrer,
        role: 'referrer' as const,
        label: `person ${i}`,
        name: null,
        audience: bad,
      })),
    });
    const result = exportRecord(model, 'strategy-discussion', FILES);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.refusal.issues).toHaveLength(MAX_REFUSAL_ISSUES);
    expect(result.refusal.issueCount).toBe(MAX_REFUSAL_ISSUES + 5);
  });
});
