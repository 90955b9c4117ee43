import type { FgdmState, PlanPresentation } from '@roundtable/shared/fgdm';
import { uuid } from '../../test/factories';

/** An FGDM state for client tests: the coordinator's view, in `stage`. */
export function buildFgdmState(overrides: Partial<FgdmState> = {}): FgdmState {
  return {
    meetingId: uuid(),
    stage: 'preparation',
    stages: [],
    privateFamilyTime: [],
    bottomLines: [],
    presentations: [],
    responses: [],
    supportItems: [],
    canCoordinate: true,
    canAddBottomLines: true,
    ...overrides,
  };
}

export function buildPresentation(overrides: Partial<PlanPresentation> = {}): PlanPresentation {
  return {
    id: uuid(),
    version: 1,
    text: 'Grandma collects Ruby from school every day.',
    sha256: '0'.repeat(64),
    presentedAt: '2026-03-02T14:00:00Z',
    presentedByParticipantId: uuid(),
    ...overrides,
  };
}
