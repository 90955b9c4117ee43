import type { PathwayClock, PathwayMeeting } from '@roundtable/shared/pathway';
import { withoutOtherMeetings } from './child-page.service';

const meeting = (reference: string, type: PathwayMeeting['type']): PathwayMeeting => ({
  id: `00000000-0000-4000-8000-${reference.length.toString().padStart(12, '0')}`,
  reference,
  type,
  scheduledAt: '2026-12-01T10:00:00Z',
  status: 'concluded',
});
const clock = (basis: string): PathwayClock => ({
  key: 'icpc',
  label: 'Initial child protection conference',
  dueAt: null,
  dueDate: null,
  status: 'met',
  basis,
});

describe('the clocks as a reader limited to their own meetings sees them', () => {
  it('names other meetings by their type, in a sentence as in its middle', () => {
    const others = [meeting('SD-2026-0001', 'strategy-discussion'), meeting('ICPC-2026-0001', 'icpc')];
    const { clocks } = withoutOtherMeetings(
      null,
      [clock('15 working days after SD-2026-0001 (2026-12-01). ICPC-2026-0001 was held on 2026-12-05.')],
      others,
    );
    expect(clocks.map((c) => c.basis)).toEqual([
      '15 working days after a strategy discussion (2026-12-01). An initial child protection conference was held on 2026-12-05.',
    ]);
  });
});
