import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { apiRequest } from './http';

/**
 * The sealed record of a concluded discussion (docs/SEALED-RECORDS.md). The
 * files themselves are plain links (`file.href`), so the browser downloads the
 * attachment; the server audits each download.
 */
export const sealedRecordsApi = {
  /** Every sealed version, newest first, with each file's SHA-256. */
  list: (meetingId: string) =>
    apiRequest<SealedRecordListResponse>('GET', `/api/meetings/${encodeURIComponent(meetingId)}/records`),
};
