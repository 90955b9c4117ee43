import { describeEachDatabase } from '../../../test/support/each-database';

describeEachDatabase('generated meeting references', (ctx) => {
  it('draws another reference when the generated one is taken, instead of refusing the meeting', async () => {
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    // A quarter of the day's 65,536 generated references are taken, so about one
    // convening in four collides at first; every one must still succeed.
    await ctx.app.dataSource.query(
      `INSERT INTO meetings (reference, reason, scheduled_at, format, created_by)
       SELECT 'SD-20300101-' || upper(lpad(to_hex(n), 4, '0')), 'Taken reference', '2030-01-01T10:00:00Z', 'online', $1
         FROM generate_series(0, 65535, 4) AS n`,
      [chair.user.id],
    );
    const cookie = await ctx.app.signIn(chair);
    const references: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await ctx.app.request('POST', '/api/meetings', {
        cookie,
        body: {
          reason: 'Bruising seen at school.',
          scheduledAt: '2030-01-01T13:00:00Z',
          children: [{ name: 'Ruby Testcase' }],
        },
      });
      expect(created.status).toBe(201);
      references.push(created.body.reference as string);
    }
    expect(new Set(references).size).toBe(20);
    for (const reference of references) expect(reference).toMatch(/^SD-20300101-[0-9A-F]{4}$/);

    // A reference the convenor chose is never changed: taken means 409.
    const taken = await ctx.app.request('POST', '/api/meetings', {
      cookie,
      body: {
        reason: 'Bruising seen at school.',
        scheduledAt: '2030-01-01T13:00:00Z',
        reference: references[0],
        children: [{ name: 'Ruby Testcase' }],
      },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain(references[0]);
  });
});
