import { documentName, parseDocumentName } from './realtime';

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
