import { describeOnOneDatabase } from '../../../test/support/each-database';
import { signInFamilyMember } from '../../../test/support/family';

describeOnOneDatabase('family access', (ctx) => {
  it('smoke: invite, code, sign in, session', async () => {
    const chair = await ctx.app.createUser();
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    const family = await signInFamilyMember(ctx.app, chairCookie, meeting.id, {
      displayName: 'Jo Parent',
      email: 'Jo.Parent@example.org',
      relationship: 'parent',
    });
    const session = await family.agent.request('GET', '/api/family/session');
    expect(session.status).toBe(200);
    expect(session.body.meeting.reference).toBe(meeting.reference);
  });
});
