import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECORD_SECTION_KEYS } from '@roundtable/shared/constants';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { DEFAULT_DOCUMENT_TEMPLATES, type DocumentTemplatesFile } from '@roundtable/shared/templates';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { TestApp } from '../../../test/support/test-app';

function templatesFile(content: DocumentTemplatesFile): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'roundtable-document-templates-')), 'templates.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const LOCAL_SAFETY_PLAN: DocumentTemplatesFile = {
  templates: [
    {
      kind: 'safety-plan',
      sections: [
        { key: 'danger-statements', title: 'Danger statements', hint: '' },
        { key: 'safety-goals', title: 'Safety goals', hint: 'What we need to see.' },
      ],
    },
  ],
};

describeOnOneDatabase('document templates', (ctx) => {
  it('serves the built-in record and Signs of Safety safety plan to signed-in users only', async () => {
    const user = await ctx.app.createUser();
    expect((await ctx.app.request('GET', '/api/document-templates')).status).toBe(401);
    const res = await ctx.app.request('GET', '/api/document-templates', { cookie: await ctx.app.signIn(user) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ templates: DEFAULT_DOCUMENT_TEMPLATES });
  });

  it('gives a new meeting its own copy, returned with the meeting', async () => {
    const chair = await ctx.app.createUser();
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    expect(meeting.templates).toEqual(DEFAULT_DOCUMENT_TEMPLATES);
    expect(meeting.templates[0]?.sections.map((s) => s.key)).toEqual(RECORD_SECTION_KEYS);
    const read = await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: chairCookie });
    expect((read.body as MeetingDetail).templates).toEqual(DEFAULT_DOCUMENT_TEMPLATES);
  });

  it('keeps an existing meeting on the templates it was created with when the configuration changes', async () => {
    const chair = await ctx.app.createUser();
    const { meeting: before } = await ctx.app.createMeeting(chair);
    const local = await TestApp.start(ctx.database, { DOCUMENT_TEMPLATES_FILE: templatesFile(LOCAL_SAFETY_PLAN) });
    try {
      const cookie = await local.signIn(chair);
      const served = await local.request('GET', '/api/document-templates', { cookie });
      // The file replaces the safety plan; the record it leaves out keeps the built-in sections.
      expect(served.body.templates).toEqual([DEFAULT_DOCUMENT_TEMPLATES[0], LOCAL_SAFETY_PLAN.templates[0]]);

      const { meeting: after } = await local.createMeeting(chair);
      expect(after.templates[1]?.sections.map((s) => s.key)).toEqual(['danger-statements', 'safety-goals']);
      const old = await local.request('GET', `/api/meetings/${before.id}`, { cookie });
      expect((old.body as MeetingDetail).templates).toEqual(DEFAULT_DOCUMENT_TEMPLATES);
    } finally {
      await local.close();
    }
  });

  it('never lets a meeting’s copy be changed or removed', async () => {
    const chair = await ctx.app.createUser();
    const { meeting } = await ctx.app.createMeeting(chair);
    await expect(
      ctx.app.dataSource.query(`UPDATE meeting_document_templates SET sections = '[]' WHERE meeting_id = $1`, [
        meeting.id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.app.dataSource.query(`DELETE FROM meeting_document_templates WHERE meeting_id = $1`, [meeting.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('hides a meeting’s templates from non-members like the meeting itself', async () => {
    const chair = await ctx.app.createUser();
    const outsider = await ctx.app.createUser({ agency: 'police' });
    const { meeting } = await ctx.app.createMeeting(chair);
    const res = await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: await ctx.app.signIn(outsider) });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('sections');
  });

  it("shows an auditor a meeting's record history in the sections of the meeting's own template", async () => {
    const file = templatesFile({
      templates: [
        {
          kind: 'record',
          sections: [
            { key: 'summary', title: 'Summary', hint: '' },
            { key: 'reason', title: 'Why we met', hint: '' },
          ],
        },
      ],
    });
    const local = await TestApp.start(ctx.database, { DOCUMENT_TEMPLATES_FILE: file });
    try {
      const chair = await local.createUser();
      const { meeting } = await local.createMeeting(chair);
      const auditor = await local.createUser({ agency: 'other', isAuditor: true });
      const res = await local.request(
        'GET',
        `/api/audit/meetings/${meeting.id}/record-history?reason=${encodeURIComponent('Template check')}`,
        { cookie: await local.signIn(auditor) },
      );
      expect(res.status).toBe(200);
      expect(res.body.sections.map((s: { key: string; title: string }) => [s.key, s.title])).toEqual([
        ['summary', 'Summary'],
        ['reason', 'Why we met'],
      ]);
    } finally {
      await local.close();
    }
  });
});
