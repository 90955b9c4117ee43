import { NOT_SHARED_REASON_REQUIRED, ShareReportRequestSchema, SubmitReportRequestSchema } from './pathway';

describe('an agency report withheld from the parents', () => {
  it('needs a reason, against notSharedReason', () => {
    const result = SubmitReportRequestSchema.safeParse({ text: 'Seen at home', sharedWithParents: false });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['notSharedReason'], message: NOT_SHARED_REASON_REQUIRED }),
    ]);
  });

  it('accepts a shared report without a reason, and a withheld one with it', () => {
    expect(SubmitReportRequestSchema.safeParse({ text: 'Seen at home', sharedWithParents: true }).success).toBe(true);
    expect(
      ShareReportRequestSchema.safeParse({ sharedWithParents: false, notSharedReason: 'Police disclosure' }).success,
    ).toBe(true);
    expect(ShareReportRequestSchema.safeParse({ sharedWithParents: false, notSharedReason: '   ' }).success).toBe(
      false,
    );
  });
});
