import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '.';

const MEETING = '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91';
const CHILD = '0b7e8a52-6c1d-4f3e-8a90-1c2d3e4f5a6b';
const ITEM = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});

function sent(): { method: string; path: string; body: unknown } {
  expect(fetchMock).toHaveBeenCalledTimes(1);
  const [path, init] = fetchMock.mock.calls[0] as [string, RequestInit];
  return {
    method: init.method as string,
    path,
    body: init.body === undefined ? undefined : JSON.parse(init.body as string),
  };
}

const content = { outcomes: [], contingency: '', reviewDates: [], coreGroupEveryWeeks: 6 };
type Case = [name: string, call: () => Promise<unknown>, method: string, path: string, body?: unknown];
const cases: Case[] = [
  ['conferences.reports.list', () => api.conferences.reports.list(MEETING), 'GET', `/api/meetings/${MEETING}/reports`],
  [
    'conferences.reports.submit',
    () => api.conferences.reports.submit(MEETING, { text: 'Seen', sharedWithParents: true }),
    'POST',
    `/api/meetings/${MEETING}/reports`,
    { text: 'Seen', sharedWithParents: true },
  ],
  [
    'conferences.reports.share',
    () => api.conferences.reports.share(MEETING, ITEM, { sharedWithParents: false, notSharedReason: 'Police' }),
    'PUT',
    `/api/meetings/${MEETING}/reports/${ITEM}/sharing`,
    { sharedWithParents: false, notSharedReason: 'Police' },
  ],
  [
    'conferences.outcomes.list',
    () => api.conferences.outcomes.list(MEETING),
    'GET',
    `/api/meetings/${MEETING}/outcomes`,
  ],
  [
    'conferences.outcomes.record',
    () =>
      api.conferences.outcomes.record(MEETING, CHILD, { outcome: 'no-plan', stepDown: 'family-help', reasons: 'Safe' }),
    'POST',
    `/api/meetings/${MEETING}/children/${CHILD}/outcome`,
    { outcome: 'no-plan', stepDown: 'family-help', reasons: 'Safe' },
  ],
  ['conferences.parts.list', () => api.conferences.parts.list(MEETING), 'GET', `/api/meetings/${MEETING}/parts`],
  [
    'conferences.parts.start',
    () => api.conferences.parts.start(MEETING, { reason: 'Police disclosure' }),
    'POST',
    `/api/meetings/${MEETING}/parts`,
    { reason: 'Police disclosure' },
  ],
  [
    'conferences.parts.end',
    () => api.conferences.parts.end(MEETING, ITEM),
    'POST',
    `/api/meetings/${MEETING}/parts/${ITEM}/end`,
  ],
  ['plans.get', () => api.plans.get(CHILD), 'GET', `/api/children/${CHILD}/plan`],
  ['plans.versions', () => api.plans.versions(CHILD), 'GET', `/api/children/${CHILD}/plan/versions`],
  [
    'plans.update',
    () => api.plans.update(CHILD, { baseVersion: 2, meetingId: MEETING, content }),
    'PUT',
    `/api/children/${CHILD}/plan`,
    { baseVersion: 2, meetingId: MEETING, content },
  ],
];

describe('the conference and plan API', () => {
  it.each(cases)('%s calls %s %s', async (_name, call, method, path, body) => {
    await call();
    expect(sent()).toEqual({ method, path, body });
  });

  it('finds no plan when the server answers 404', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ code: 'NotFound', message: 'Not found', correlationId: 'c' }), { status: 404 }),
    );
    await expect(api.plans.find(CHILD)).resolves.toBeNull();
  });
});
