import { CreateMeetingRequestSchema, LoginRequestSchema, UpdateMeetingRequestSchema } from './schemas';

describe('request schemas', () => {
  it('normalises the sign-in email and keeps the password exactly', () => {
    expect(LoginRequestSchema.parse({ email: ' Sam.Demo@Example.ORG ', password: ' pass ' })).toEqual({
      email: 'sam.demo@example.org',
      password: ' pass ',
    });
  });

  it('refuses unknown fields, so a client cannot smuggle properties', () => {
    expect(LoginRequestSchema.safeParse({ email: 'a@example.org', password: 'x', isAdmin: true }).success).toBe(false);
  });

  it('requires at least one child and a reason, and names the fields', () => {
    const result = CreateMeetingRequestSchema.safeParse({
      reason: ' ',
      scheduledAt: '2026-03-02T13:00:00Z',
      children: [],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['children', 'reason']);
  });

  it('defaults the format and accepts an offset time', () => {
    const parsed = CreateMeetingRequestSchema.parse({
      reason: 'Bruising',
      scheduledAt: '2026-03-02T13:00:00+00:00',
      children: [{ name: 'Ruby' }],
    });
    expect(parsed.format).toBe('online');
  });

  it('refuses references with spaces or slashes', () => {
    const base = { reason: 'r', scheduledAt: '2026-03-02T13:00:00Z', children: [{ name: 'Ruby' }] };
    expect(CreateMeetingRequestSchema.safeParse({ ...base, reference: 'SD 1' }).success).toBe(false);
    expect(CreateMeetingRequestSchema.safeParse({ ...base, reference: 'SD/1' }).success).toBe(false);
    expect(CreateMeetingRequestSchema.safeParse({ ...base, reference: 'SD-DEMO-001' }).success).toBe(true);
  });

  it('refuses an empty update', () => {
    expect(UpdateMeetingRequestSchema.safeParse({}).success).toBe(false);
  });
});
