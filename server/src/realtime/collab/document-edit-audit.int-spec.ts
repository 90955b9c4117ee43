import { randomUUID } from 'node:crypto';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { DocumentEditAudit } from './document-edit-audit.service';

describeOnOneDatabase('the audit of edits', (ctx) => {
  it("writes a window's entries, one per person and section, in one transaction", async () => {
    // A meeting of ten typing for 30 s is ten entries a section; a hundred meetings, a thousand.
    // One transaction each held the audit chain's lock for seconds, every window, under load.
    const edits = ctx.app.get(DocumentEditAudit);
    const users = await Promise.all(Array.from({ length: 6 }, () => ctx.app.createUser({ agency: 'health' as const })));
    const documentName = `meetings/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/record`;
    for (const { user } of users) {
      for (const section of ['analysis', 'decision', 'actions']) {
        edits.note(documentName, { userId: user.id, agency: 'health' }, new Map([[section, { added: 5, removed: 1 }]]));
      }
    }
    await edits.flush();
    const rows = (await ctx.app.dataSource.query(
      `SELECT actor_user_id, details->>'section' AS section, xmin::text AS tx
         FROM audit_events WHERE type = 'document.edited' AND subject_id = $1 ORDER BY seq`,
      [documentName],
    )) as { actor_user_id: string; section: string; tx: string }[];
    expect(rows).toHaveLength(18);
    expect(new Set(rows.map((r) => `${r.actor_user_id}/${r.section}`)).size).toBe(18);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
  });

  it('keeps an entry that could not be written for the next window, with the edits noted meanwhile, and writes the others', async () => {
    const edits = ctx.app.get(DocumentEditAudit);
    const { user } = await ctx.app.createUser({ agency: 'police' as const });
    // Not yet a user: the audit trail's foreign key refuses the entry.
    const latecomer = randomUUID();
    const documentName = `meetings/${randomUUID()}/record`;
    const typed = (added: number) => new Map([['analysis', { added, removed: 0 }]]);
    edits.note(documentName, { userId: user.id, agency: 'police' }, typed(3));
    edits.note(documentName, { userId: latecomer, agency: 'police' }, typed(5));
    const flushing = edits.flush();
    await new Promise((resolve) => setImmediate(resolve));
    // Typed while the window is being written: the next window's, joined by what failed.
    edits.note(documentName, { userId: latecomer, agency: 'police' }, typed(2));
    await flushing;
    const entries = async () =>
      (await ctx.app.dataSource.query(
        `SELECT actor_user_id, (details->>'charactersAdded')::int AS added, (details->>'transactions')::int AS transactions
           FROM audit_events WHERE type = 'document.edited' AND subject_id = $1 ORDER BY seq`,
        [documentName],
      )) as { actor_user_id: string; added: number; transactions: number }[];
    expect(await entries()).toEqual([{ actor_user_id: user.id, added: 3, transactions: 1 }]);

    await ctx.app.dataSource.query(
      `INSERT INTO users (id, email, display_name, job_title, agency) VALUES ($1, $2, 'Late Comer', 'Detective', 'police')`,
      [latecomer, `late-${latecomer}@example.org`],
    );
    await edits.flush();
    expect(await entries()).toEqual([
      { actor_user_id: user.id, added: 3, transactions: 1 },
      { actor_user_id: latecomer, added: 7, transactions: 2 },
    ]);
  });
});
