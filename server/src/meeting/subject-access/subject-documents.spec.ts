import { documentItems, type DocumentsSnapshot, sealedSnapshot } from './subject-documents';

const MEETING = '11111111-1111-4111-8111-111111111111';
const everything = () => true;

/** A sealed complete export's JSON as the sealing writes it (only the parts a request reads). */
function sealed(version: number, worries: string, compartment = 'POLICECANARY on bail') {
  const blocks = (text: string) => [{ type: 'paragraph', runs: [{ text, restriction: null }] }];
  return {
    meeting_id: MEETING,
    version,
    json: Buffer.from(
      JSON.stringify({
        sections: [
          {
            key: 'reason',
            title: 'Reason',
            blocks: blocks('Why we met'),
            compartments: [
              { id: 'c1', ownerAgency: 'police', audience: { kind: 'police-only' }, blocks: blocks(compartment) },
            ],
          },
        ],
        safetyPlan: { sections: [{ key: 'worries', title: 'Worries', blocks: blocks(worries), compartments: [] }] },
      }),
    ),
  };
}

const snapshots = (...rows: ReturnType<typeof sealed>[]) =>
  rows.map(sealedSnapshot).filter((s): s is DocumentsSnapshot => s !== null);

describe('documentItems', () => {
  it('lists the same text in several sealed versions once, keyed by the first version, titled with each', () => {
    const items = documentItems(
      snapshots(sealed(1, 'Same worry'), sealed(2, 'Same worry'), sealed(3, 'Same worry')),
      everything,
      new Set(),
    );
    expect(items.map((i) => [i.sourceId, i.title])).toEqual([
      [`${MEETING}/1/reason`, 'Record (versions 1, 2, 3): Reason'],
      [`${MEETING}/1/worries`, 'Safety plan (versions 1, 2, 3): Worries'],
      [`${MEETING}/1/c1`, 'Restricted information (police) in record (versions 1, 2, 3): Reason'],
    ]);
    expect(items.find((i) => i.kind === 'restricted')).toMatchObject({
      suggested: 'crime-and-taxation',
      text: 'Restricted by: police\nWho may know: police-only\nPOLICECANARY on bail',
    });
  });

  it('lists each distinct text of a section once, keyed by the first version that holds it', () => {
    const items = documentItems(
      snapshots(sealed(1, 'First worry'), sealed(2, 'Second worry'), sealed(3, 'First worry')),
      everything,
      new Set(),
    );
    const worries = items.filter((i) => i.kind === 'safety-plan-section');
    expect(worries.map((i) => [i.sourceId, i.title, i.text])).toEqual([
      [`${MEETING}/1/worries`, 'Safety plan (versions 1, 3): Worries', 'First worry'],
      [`${MEETING}/2/worries`, 'Safety plan (version 2): Worries', 'Second worry'],
    ]);
  });

  it('keys and titles live documents as live, not sealed', () => {
    const live: DocumentsSnapshot = {
      meetingId: MEETING,
      version: null,
      sections: [{ kind: 'record-section', document: 'Record', key: 'reason', title: 'Reason', text: 'Typed now' }],
      compartments: [
        {
          id: 'c2',
          document: 'Safety plan',
          sectionTitle: 'Worries',
          ownerAgency: 'health',
          audience: 'health-only',
          text: 'HEALTHCANARY',
        },
      ],
    };
    expect(documentItems([live], everything, new Set()).map((i) => [i.sourceId, i.title, i.suggested])).toEqual([
      [`${MEETING}/live/reason`, 'Record (live, not sealed): Reason', null],
      [
        `${MEETING}/live/c2`,
        'Restricted information (health) in safety plan (live, not sealed): Worries',
        'health-serious-harm',
      ],
    ]);
  });

  it('takes only what names the person, empty text never, and their own compartments whatever they say', () => {
    const named = (text: string) => text.includes('Pat');
    const rows = snapshots(sealed(1, 'Pat will walk Ruby to school', 'an intelligence report'));
    expect(documentItems(rows, named, new Set()).map((i) => i.sourceId)).toEqual([`${MEETING}/1/worries`]);
    expect(documentItems(rows, named, new Set(['c1'])).map((i) => i.sourceId)).toEqual([
      `${MEETING}/1/worries`,
      `${MEETING}/1/c1`,
    ]);
    expect(documentItems(snapshots(sealed(1, '  ', '')), everything, new Set(['c1'])).map((i) => i.sourceId)).toEqual([
      `${MEETING}/1/reason`,
    ]);
  });

  it('skips a sealed export it cannot read', () => {
    expect(sealedSnapshot({ meeting_id: MEETING, version: 1, json: Buffer.from('{not json') })).toBeNull();
  });
});
