import type {
  AddRedactionRequest,
  OpenSubjectAccessRequest,
  SubjectAccessDetail,
  SubjectAccessExportFormat,
  SubjectAccessListResponse,
} from '@roundtable/shared/subject-access';
import { apiDownload, apiRequest } from './http';

const requestPath = (id: string) => `/api/admin/subject-access/${encodeURIComponent(id)}`;

/** Subject access requests (administrators only, every call with step-up; docs/SUBJECT-ACCESS.md). */
export const subjectAccessApi = {
  list: () => apiRequest<SubjectAccessListResponse>('GET', '/api/admin/subject-access'),
  open: (body: OpenSubjectAccessRequest) => apiRequest<SubjectAccessDetail>('POST', '/api/admin/subject-access', body),
  get: (id: string) => apiRequest<SubjectAccessDetail>('GET', requestPath(id)),
  redact: (id: string, body: AddRedactionRequest) =>
    apiRequest<SubjectAccessDetail>('POST', `${requestPath(id)}/redactions`, body),
  signOff: (id: string) => apiRequest<SubjectAccessDetail>('POST', `${requestPath(id)}/sign-off`),
  /** The redacted bundle as a file (after sign-off). */
  export: (id: string, format: SubjectAccessExportFormat) => apiDownload(`${requestPath(id)}/exports`, { format }),
};
