import type {
  CirculateRecordRequest,
  CirculationResponse,
  RecordLinkDownloadRequest,
  RecordLinkRequest,
  RecordLinkResponse,
} from '@roundtable/shared/circulation';
import { apiDownload, apiRequest } from './http';

const circulationPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/circulation`;

/**
 * Circulating the sealed record (docs/CIRCULATION.md): the chair's recipients
 * and sending; and a non-member's link (no session: its token and an emailed code).
 */
export const circulationApi = {
  get: (meetingId: string) => apiRequest<CirculationResponse>('GET', circulationPath(meetingId)),
  /** Needs a recent sign-in (step-up). */
  send: (meetingId: string, body: CirculateRecordRequest) =>
    apiRequest<CirculationResponse>('POST', circulationPath(meetingId), body),
  link: {
    open: (body: RecordLinkRequest) => apiRequest<RecordLinkResponse>('POST', '/api/record-links/open', body),
    requestCode: (body: RecordLinkRequest) => apiRequest<{ message: string }>('POST', '/api/record-links/code', body),
    /** The recipient's version as a PDF file. */
    download: (body: RecordLinkDownloadRequest) => apiDownload('/api/record-links/download', body),
  },
};
