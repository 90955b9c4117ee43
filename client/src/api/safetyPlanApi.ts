import type { RecordSafetyScoreRequest, SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import { apiRequest } from './http';

const scoresPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/safety-plan/scores`;

/** The safety plan's scaling scores (the plan's text is a live document, not an API call). */
export const safetyPlanApi = {
  scores: (meetingId: string) => apiRequest<SafetyPlanScoresResponse>('GET', scoresPath(meetingId)),
  /** Records the signed-in user's agency's score; the agency comes from the account. */
  recordScore: (meetingId: string, body: RecordSafetyScoreRequest) =>
    apiRequest<SafetyPlanScoresResponse>('PUT', scoresPath(meetingId), body),
};
