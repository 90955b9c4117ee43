import {
  compartmentDocumentName,
  documentName,
  parseCollabDocumentName,
  parseCompartmentDocumentName,
  parseDocumentName,
} from './realtime';

const ID = '1c72fe6f-56ca-4198-90d0-4c65d7ba8f7d';

describe('document names', () => {
  it('round-trips a meeting record name', () => {
    expect(documentName(ID, 'record')).toBe(`meetings/${ID}/record`);
    expect(parseDocumentName(documentName(ID, 'record'))).toEqual({ meetingId: ID, kind: 'record' });
  });

  it.each([
    '',
    'record',
    `meetings/${ID}`,
    `meetings/${ID}/record/extra`,
    `meetings/${ID}/unknown`,
    `meetings/${ID.toUpperCase()}/record`,
    `meetings/../${ID}/record`,
    `/meetings/${ID}/record`,
    `meetings/${ID}/record?x=1`,
  ])('refuses %j', (name) => {
    expect(parseDocumentName(name)).toBeNull();
  });
});

describe('compartment document names', () => {
  const COMPARTMENT = '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a';

  it('round-trips, and is told apart from a shared document', () => {
    const name = compartmentDocumentName(ID, COMPARTMENT);
    expect(parseCompartmentDocumentName(name)).toEqual({ meetingId: ID, compartmentId: COMPARTMENT });
    expect(parseDocumentName(name)).toBeNull();
    expect(parseCollabDocumentName(name)).toEqual({ meetingId: ID, kind: 'compartment', compartmentId: COMPARTMENT });
    expect(parseCollabDocumentName(documentName(ID, 'safety-plan'))).toEqual({ meetingId: ID, kind: 'safety-plan' });
  });

  it.each([
    `meetings/${ID}/compartments`,
    `meetings/${ID}/compartments/`,
    `meetings/${ID}/compartments/${COMPARTMENT}/x`,
    `meetings/${ID}/compartments/not-an-id`,
    `meetings/${ID}/compartments/${COMPARTMENT.toUpperCase()}`,
    `meetings/${ID}/compartment/${COMPARTMENT}`,
  ])('refuses %j', (name) => {
    expect(parseCompartmentDocumentName(name)).toBeNull();
    expect(parseCollabDocumentName(name)).toBeNull();
  });
});
