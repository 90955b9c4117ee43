import type {
  AgencyReport,
  AgencyReportsResponse,
  ConferenceOutcomeResponse,
  ConferenceOutcomesResponse,
  MeetingPart,
  MeetingPartsResponse,
  RecordConferenceOutcomeRequest,
  ShareReportRequest,
  StartPartRequest,
  SubmitReportRequest,
} from '@roundtable/shared/pathway';
import { apiRequest } from './http';

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`;

/**
 * What a child protection conference adds to a meeting (DOMAIN-PATHWAY §1,
 * §3): agencies' reports and whether the parents see them, the chair's
 * decision per child, and the parts held without the parents.
 */
export const conferencesApi = {
  reports: {
    list: (meetingId: string) => apiRequest<AgencyReportsResponse>('GET', `${meetingPath(meetingId)}/reports`),
    /** The signed-in user's report; sending again replaces its text. */
    submit: (meetingId: string, body: SubmitReportRequest) =>
      apiRequest<AgencyReport>('POST', `${meetingPath(meetingId)}/reports`, body),
    /** Whether the parents see the report: decided by the report's agency. */
    share: (meetingId: string, reportId: string, body: ShareReportRequest) =>
      apiRequest<AgencyReport>(
        'PUT',
        `${meetingPath(meetingId)}/reports/${encodeURIComponent(reportId)}/sharing`,
        body,
      ),
  },
  outcomes: {
    list: (meetingId: string) => apiRequest<ConferenceOutcomesResponse>('GET', `${meetingPath(meetingId)}/outcomes`),
    /** The chair's decision for one child; `childId` is the child's record id (`MeetingDetail.children[].childId`). */
    record: (meetingId: string, childId: string, body: RecordConferenceOutcomeRequest) =>
      apiRequest<ConferenceOutcomeResponse>(
        'POST',
        `${meetingPath(meetingId)}/children/${encodeURIComponent(childId)}/outcome`,
        body,
      ),
  },
  parts: {
    list: (meetingId: string) => apiRequest<MeetingPartsResponse>('GET', `${meetingPath(meetingId)}/parts`),
    start: (meetingId: string, body: StartPartRequest) =>
      apiRequest<MeetingPart>('POST', `${meetingPath(meetingId)}/parts`, body),
    end: (meetingId: string, partId: string) =>
      apiRequest<MeetingPart>('POST', `${meetingPath(meetingId)}/parts/${encodeURIComponent(partId)}/end`),
  },
};
