import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { type LiveConnection, LiveConnectionRegistry } from '../../platform/live-connections/live-connections.registry';
import { CollabFamilyPlanConnections } from './collab-family-plan-connections';

describe('closing an FGDM’s family plan to the family', () => {
  const connection = (over: Partial<LiveConnection>) => {
    const closed: number[] = [];
    const c: LiveConnection = {
      sessionId: 's',
      userId: 'u',
      meetingId: 'm1',
      close: (code) => closed.push(code),
      changeRole: () => undefined,
      ...over,
    };
    return { c, closed };
  };

  it('closes the family’s connections to that meeting’s plan only', () => {
    const registry = new LiveConnectionRegistry();
    const plan = connection({ familyParticipantId: 'p1', documentName: 'meetings/m1/family-plan' });
    const otherPlan = connection({ familyParticipantId: 'p2', documentName: 'meetings/m2/family-plan' });
    const familySocket = connection({ familyParticipantId: 'p1' });
    const record = connection({ documentName: 'meetings/m1/record' });
    for (const { c } of [plan, otherPlan, familySocket, record]) registry.register(c);
    new CollabFamilyPlanConnections(registry).endFamilyEditing('m1');
    expect(plan.closed).toEqual([CLOSE_CODES.accessRevoked]);
    expect([otherPlan.closed, familySocket.closed, record.closed]).toEqual([[], [], []]);
  });
});
