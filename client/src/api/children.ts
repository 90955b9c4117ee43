import type {
  AddMeetingChildRequest,
  ChildRecord,
  ChildSearchResponse,
  SetHouseholdRequest,
  SetLcppRequest,
  UpdateChildRequest,
} from '@roundtable/shared/pathway';
import { apiRequest } from './http';

const childPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}`;
const meetingChildrenPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/children`;

/** Finding a child by one identifier: never by name (DOMAIN-PATHWAY §9.1 item 13). */
export type ChildSearchQuery = { caseSystemId: string } | { nhsNumber: string };

/**
 * Children's records (shared/src/pathway.ts). The writes resolve with nothing:
 * the caller fetches the record (or the meeting) again, so the page shows what
 * the server holds, cut to what the reader may see.
 */
export const childrenApi = {
  /** The child's page: identity, household, meetings, plan, clocks and chronology in the reader's scope. */
  get: (childId: string) => apiRequest<ChildRecord>('GET', childPath(childId)),
  /** Children the caller may see with this case-system ID or NHS number. */
  search: (query: ChildSearchQuery) =>
    apiRequest<ChildSearchResponse>('GET', `/api/children?${new URLSearchParams(query).toString()}`),
  update: (childId: string, body: UpdateChildRequest) =>
    apiRequest<unknown>('PATCH', childPath(childId), body).then(() => undefined),
  setHousehold: (childId: string, body: SetHouseholdRequest) =>
    apiRequest<unknown>('PUT', `${childPath(childId)}/household`, body).then(() => undefined),
  setLcpp: (childId: string, body: SetLcppRequest) =>
    apiRequest<unknown>('PUT', `${childPath(childId)}/lcpp`, body).then(() => undefined),

  /** A meeting's children, changed by its chair before it concludes. */
  meeting: {
    add: (meetingId: string, body: AddMeetingChildRequest) =>
      apiRequest<unknown>('POST', meetingChildrenPath(meetingId), body).then(() => undefined),
    /** `childId` is the child's record id, not the meeting's entry for the child. */
    remove: (meetingId: string, childId: string) =>
      apiRequest<unknown>('DELETE', `${meetingChildrenPath(meetingId)}/${encodeURIComponent(childId)}`).then(
        () => undefined,
      ),
  },
};
