import { eventFromAudit, eventFromOverdueAction, type AuditSourceEntry } from './webhook-events';

const MEETING = '0b6c1a52-5d1e-4b8e-9a51-8d1f5f0b2c11';
const entry = (overrides: Partial<AuditSourceEntry>): AuditSourceEntry => ({
  seq: 42,
  type: 'action.created',
  occurredAt: new Date('2026-03-02T13:05:00.000Z'),
  meetingId: MEETING,
  meetingReference: 'SD-2026-0142',
  subjectType: 'action',
  subjectId: 'a1',
  details: {},
  ...overrides,
});

describe('webhook events from audit entries', () => {
  it('gives an action.created ids only on the ids scope, and its codes on the codes scope', () => {
    const event = eventFromAudit(
      entry({
        details: {
          event: 'action:create',
          ownerAgency: 'health',
          ownerUserId: 'u1',
          dueAt: '2026-03-09T17:00:00Z',
          status: 'open',
          fields: ['description'],
          description: 'never copied',
        },
      }),
    )!;
    expect(event.key).toBe('audit:42');
    expect(event.payloads.ids).toEqual({
      type: 'action.created',
      timestamp: '2026-03-02T13:05:00.000Z',
      data: {
        meetingId: MEETING,
        meetingReference: 'SD-2026-0142',
        actionId: 'a1',
        createdAt: '2026-03-02T13:05:00.000Z',
      },
    });
    expect(event.payloads.codes.data).toEqual({
      ...event.payloads.ids.data,
      ownerAgency: 'health',
      dueAt: '2026-03-09T17:00:00Z',
      status: 'open',
    });
    expect(JSON.stringify(event.payloads)).not.toContain('never copied');
  });

  it('gives a restricted entry its ids only, whatever the scope', () => {
    const event = eventFromAudit(entry({ details: { ownerAgency: 'police', restriction: 'police-restricted' } }))!;
    expect(event.payloads.codes).toEqual(event.payloads.ids);
  });

  it('maps a recorded and a corrected local authority decision to decision.recorded', () => {
    for (const type of ['la-decision.recorded', 'la-decision.corrected']) {
      const event = eventFromAudit(
        entry({
          type,
          subjectType: 'decision',
          subjectId: 'd1',
          details: {
            laDecisionId: 'l2',
            correctsId: type.endsWith('corrected') ? 'l1' : null,
            chosenOptions: ['s47-joint'],
          },
        }),
      )!;
      expect(event.type).toBe('decision.recorded');
      expect(event.payloads.ids.data).toMatchObject({ decisionId: 'd1', laDecisionId: 'l2' });
      expect(event.payloads.ids.data).not.toHaveProperty('chosenOptions');
      expect(event.payloads.codes.data).toMatchObject({ chosenOptions: ['s47-joint'] });
    }
  });

  it('maps meeting.concluded and record.sealed, and ignores other types and entries without a meeting', () => {
    expect(
      eventFromAudit(entry({ type: 'meeting.concluded', details: { notReached: 1 } }))?.payloads.codes.data,
    ).toMatchObject({
      decisionsNotReached: 1,
    });
    expect(
      eventFromAudit(entry({ type: 'record.sealed', details: { version: 2, reason: 'addendum', files: { x: 1 } } }))
        ?.payloads,
    ).toMatchObject({ ids: { data: { version: 2 } }, codes: { data: { version: 2, reason: 'addendum' } } });
    expect(eventFromAudit(entry({ type: 'view.recorded' }))).toBeNull();
    expect(eventFromAudit(entry({ meetingId: null }))).toBeNull();
  });

  it('keys an overdue action by action and due date (a new due date that passes is a new event)', () => {
    const action = {
      actionId: 'a1',
      meetingId: MEETING,
      meetingReference: 'SD-2026-0142',
      dueAt: new Date('2026-03-09T17:00:00Z'),
      ownerAgency: 'health',
      restricted: false,
    };
    const event = eventFromOverdueAction(action, new Date('2026-03-09T17:00:05Z'));
    expect(event.key).toBe('overdue:a1:2026-03-09T17:00:00.000Z');
    expect(event.payloads.ids).toEqual({
      type: 'action.overdue',
      timestamp: '2026-03-09T17:00:05.000Z',
      data: { meetingId: MEETING, meetingReference: 'SD-2026-0142', actionId: 'a1', dueAt: '2026-03-09T17:00:00.000Z' },
    });
    expect(event.payloads.codes.data).toMatchObject({ ownerAgency: 'health' });
    expect(eventFromOverdueAction({ ...action, restricted: true }, new Date()).payloads.codes.data).not.toHaveProperty(
      'ownerAgency',
    );
  });
});
