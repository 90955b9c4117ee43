import type { SubjectAccessDetail } from '@roundtable/shared/subject-access';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildUser } from '../../test/factories';
import { api } from '../api';
import { SessionContext, type SessionValue } from '../session/sessionContext';
import { StepUpContext } from '../step-up/stepUpContext';
import { SubjectAccessPage, SubjectAccessRequestPage } from './SubjectAccessPage';

const REQUEST_ID = '3f7c1f3e-8a4e-4a38-9d43-7b3e5d0e2a11';
const OPENER = '5b0c6b1e-1d7e-4d7b-9a8e-2f1f3c4d5e6f';

const detail = (overrides: Partial<SubjectAccessDetail> = {}): SubjectAccessDetail => ({
  id: REQUEST_ID,
  reference: 'SAR-2026-001',
  subjectKind: 'family-member',
  subjectName: 'Pat Parent',
  status: 'open',
  openedBy: { userId: OPENER, displayName: 'Ada Opener' },
  openedAt: '2026-12-01T10:00:00.000Z',
  signedOffBy: null,
  signedOffAt: null,
  contentSha256: null,
  redactionCount: 0,
  items: [
    {
      key: 'family-view:9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
      kind: 'family-view',
      meetingId: null,
      meetingReference: 'SD-2026-0001',
      at: '2026-12-01T10:00:00.000Z',
      title: 'Your view',
      text: 'We want Ruby home. Nextdoor saw it. Nextdoor again.',
      suggested: null,
    },
  ],
  redactions: [],
  ...overrides,
});

function renderAs(options: { isAdmin: boolean; id?: string; path?: string }) {
  const me = buildUser({ isAdmin: options.isAdmin, agency: 'other', ...(options.id ? { id: options.id } : {}) });
  const session: SessionValue = {
    session: { status: 'signed-in', me },
    signedIn: vi.fn(),
    signOut: vi.fn(async () => undefined),
    mfaEnrolled: vi.fn(),
  };
  const withStepUp = vi.fn((action: () => Promise<unknown>) => action());
  render(
    <MemoryRouter initialEntries={[options.path ?? `/admin/subject-access/${REQUEST_ID}`]}>
      <SessionContext.Provider value={session}>
        <StepUpContext.Provider value={{ ensureFresh: async () => true, withStepUp: withStepUp as never }}>
          <Routes>
            <Route path="/admin/subject-access" element={<SubjectAccessPage />} />
            <Route path="/admin/subject-access/:id" element={<SubjectAccessRequestPage />} />
          </Routes>
        </StepUpContext.Provider>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
  return { withStepUp };
}

describe('the subject access pages', () => {
  it('withholds every occurrence of a passage with the exemption and note, after step-up', async () => {
    vi.spyOn(api.subjectAccess, 'get').mockResolvedValue(detail());
    const redact = vi.spyOn(api.subjectAccess, 'redact').mockResolvedValue(detail());
    const { withStepUp } = renderAs({ isAdmin: true, id: OPENER });
    const ui = userEvent.setup();
    const card = await screen.findByTestId('subject-item');
    await ui.click(within(card).getByText('Withhold this item or a passage'));
    await ui.type(within(card).getByLabelText('Passage to withhold'), 'Nextdoor');
    await ui.type(within(card).getByLabelText('Why it is withheld'), 'Identifies the neighbour');
    await ui.click(within(card).getByRole('button', { name: 'Withhold' }));
    expect(withStepUp).toHaveBeenCalled();
    const key = detail().items[0]!.key;
    expect(redact.mock.calls).toEqual([
      [
        REQUEST_ID,
        { itemKey: key, span: { start: 19, end: 27 }, exemption: 'third-party', note: 'Identifies the neighbour' },
      ],
      [
        REQUEST_ID,
        { itemKey: key, span: { start: 36, end: 44 }, exemption: 'third-party', note: 'Identifies the neighbour' },
      ],
    ]);
    // The opener may not sign off.
    expect(screen.queryByRole('button', { name: 'Sign off the redactions' })).not.toBeInTheDocument();
  });

  it('withholds a passage wherever it appears in the request when asked', async () => {
    const second = {
      ...detail().items[0]!,
      key: 'agency-view:1a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
      kind: 'agency-view' as const,
      title: 'Police',
      text: 'Reasons: Nextdoor called the police.',
    };
    vi.spyOn(api.subjectAccess, 'get').mockResolvedValue(detail({ items: [detail().items[0]!, second] }));
    const redact = vi
      .spyOn(api.subjectAccess, 'redact')
      .mockResolvedValue(detail({ items: [detail().items[0]!, second] }));
    renderAs({ isAdmin: true });
    const ui = userEvent.setup();
    const [card] = await screen.findAllByTestId('subject-item');
    await ui.click(within(card!).getByText('Withhold this item or a passage'));
    await ui.type(within(card!).getByLabelText('Passage to withhold'), 'Nextdoor');
    await ui.click(within(card!).getByLabelText(/wherever it appears in this request/));
    await ui.type(within(card!).getByLabelText('Why it is withheld'), 'Identifies the neighbour');
    await ui.click(within(card!).getByRole('button', { name: 'Withhold' }));
    expect(redact.mock.calls.map(([, body]) => [body.itemKey, body.span])).toEqual([
      [detail().items[0]!.key, { start: 19, end: 27 }],
      [detail().items[0]!.key, { start: 36, end: 44 }],
      [second.key, { start: 9, end: 17 }],
    ]);
  });

  it('lets another administrator sign off, and then download the bundle', async () => {
    vi.spyOn(api.subjectAccess, 'get').mockResolvedValue(detail());
    const signOff = vi.spyOn(api.subjectAccess, 'signOff').mockResolvedValue(
      detail({
        status: 'signed-off',
        signedOffBy: { userId: REQUEST_ID, displayName: 'Rex Reviewer' },
        signedOffAt: '2026-12-01T11:00:00.000Z',
      }),
    );
    renderAs({ isAdmin: true });
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Sign off the redactions' }));
    expect(signOff).toHaveBeenCalledWith(REQUEST_ID);
    expect(await screen.findByRole('button', { name: 'Download the bundle (PDF)' })).toBeInTheDocument();
    expect(screen.queryByText('Withhold this item or a passage')).not.toBeInTheDocument();
  });

  it('is for administrators only', () => {
    const get = vi.spyOn(api.subjectAccess, 'get');
    const list = vi.spyOn(api.subjectAccess, 'list');
    renderAs({ isAdmin: false });
    renderAs({ isAdmin: false, path: '/admin/subject-access' });
    expect(screen.queryByTestId('subject-item')).not.toBeInTheDocument();
    expect(get).not.toHaveBeenCalled();
    expect(list).not.toHaveBeenCalled();
  });
});
