import type {
  AddBottomLineRequest,
  AddSupportItemRequest,
  FamilyFgdmState,
  FgdmStage,
  FgdmState,
  RecordPlanResponseRequest,
  WithdrawSupportItemRequest,
} from '@roundtable/shared/fgdm';
import { apiRequest } from '../api/http';

const fgdmPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/fgdm`;

/** The coordinator's and members' FGDM calls (shared/src/fgdm.ts); every change answers the whole state. */
export const fgdmApi = {
  get: (meetingId: string) => apiRequest<FgdmState>('GET', fgdmPath(meetingId)),
  /** Moves to `stage`, which must be the next one. */
  advance: (meetingId: string, stage: FgdmStage) =>
    apiRequest<FgdmState>('POST', `${fgdmPath(meetingId)}/stages`, { stage }),
  addBottomLine: (meetingId: string, body: AddBottomLineRequest) =>
    apiRequest<FgdmState>('POST', `${fgdmPath(meetingId)}/bottom-lines`, body),
  respond: (meetingId: string, presentationId: string, body: RecordPlanResponseRequest) =>
    apiRequest<FgdmState>(
      'POST',
      `${fgdmPath(meetingId)}/presentations/${encodeURIComponent(presentationId)}/responses`,
      body,
    ),
  addSupportItem: (meetingId: string, body: AddSupportItemRequest) =>
    apiRequest<FgdmState>('POST', `${fgdmPath(meetingId)}/support-items`, body),
  withdrawSupportItem: (meetingId: string, itemId: string, body: WithdrawSupportItemRequest) =>
    apiRequest<FgdmState>(
      'POST',
      `${fgdmPath(meetingId)}/support-items/${encodeURIComponent(itemId)}/withdrawals`,
      body,
    ),
};

/** The family's FGDM calls (the family cookie). */
export const familyFgdmApi = {
  get: () => apiRequest<FamilyFgdmState>('GET', '/api/family/fgdm'),
  /** Shares the draft as it is now with the professionals: a new version. */
  present: () => apiRequest<FamilyFgdmState>('POST', '/api/family/fgdm/plan/presentations', {}),
};
