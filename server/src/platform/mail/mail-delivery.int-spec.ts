import { SmtpSink } from '../../../test/support/smtp-sink';
import { eventually } from '../../../test/support/eventually';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../database/embedded-postgres';
import { JobQueue } from '../jobs/job-queue';
import { Clock } from '../time/clock';
import { MailRepository } from './mail.repository';
import { MAIL_DELIVERY_JOB, MAIL_MAX_ATTEMPTS, MailService } from './mail.service';

interface OutboxState {
  sent_at: Date | null;
  given_up_at: Date | null;
  attempts: number;
  error: string | null;
}

/**
 * Delivery through a real SMTP server (smtp-sink) on the real app: the outbox
 * row is the promise that an email goes out. A mail server that says "try
 * again later" (4xx) or cannot be reached is tried again on the job queue
 * with back-off; one that refuses the message for good (5xx) is not; a server
 * that died between writing the row and handing it over leaves a row the
 * sweep sends; two sweeps at once send each message once. docs/EMAIL.md.
 */
describe(`email delivery and retries [${oneDatabaseKind()} PostgreSQL]`, () => {
  let database: DatabaseHandle;
  let sink: SmtpSink;
  let app: TestApp;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    sink = await SmtpSink.start();
    app = await TestApp.start(database, { SMTP_URL: sink.url, MAIL_FROM: 'Roundtable <roundtable@example.org>' });
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await database?.stop();
  });

  const stateOf = async (to: string): Promise<OutboxState> => {
    const [row] = (await app.dataSource.query(
      `SELECT sent_at, given_up_at, attempts, error FROM mail_outbox WHERE to_address = $1`,
      [to],
    )) as OutboxState[];
    if (!row) throw new Error(`no outbox row to ${to}`);
    return row;
  };
  const message = (to: string) => ({ to, subject: 'A meeting you are invited to', text: 'Open Roundtable.' });
  const sweep = () => app.get(MailService).deliverDue();
  const later = (minutes: number) => app.get(Clock).advanceForTests(minutes * 60_000);

  it('tries a message again after a temporary refusal, and sends it once the mail server recovers', async () => {
    const to = `busy-${Date.now()}@example.org`;
    sink.failWith(451, 'Try again later');
    try {
      await app.get(MailService).send(message(to));
      await app.get(MailService).settle();
      const failed = await stateOf(to);
      expect(failed).toMatchObject({ sent_at: null, given_up_at: null, attempts: 1 });
      expect(failed.error).toMatch(/451/);
      // Not due yet: a sweep now sends nothing.
      expect(await sweep()).toBe(0);
    } finally {
      sink.accept();
    }
    later(6);
    expect(await sweep()).toBe(1);
    expect(await stateOf(to)).toMatchObject({ given_up_at: null, attempts: 2, error: null });
    expect((await stateOf(to)).sent_at).not.toBeNull();
    expect(sink.to(to)).toHaveLength(1);
    later(60);
    expect(await sweep()).toBe(0);
    expect(sink.to(to)).toHaveLength(1);
  });

  it('gives up at once on a permanent refusal, and after the last try on a mail server that stays busy', async () => {
    const refused = `refused-${Date.now()}@example.org`;
    const busy = `always-busy-${Date.now()}@example.org`;
    sink.failWith(550, 'No such user here');
    try {
      await app.get(MailService).send(message(refused));
      await app.get(MailService).settle();
      expect(await stateOf(refused)).toMatchObject({ sent_at: null, attempts: 1 });
      expect((await stateOf(refused)).given_up_at).not.toBeNull();

      sink.failWith(421, 'Service not available');
      await app.get(MailService).send(message(busy));
      await app.get(MailService).settle();
      for (let attempt = 2; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
        later(24 * 60);
        expect(await sweep()).toBe(1);
        expect((await stateOf(busy)).attempts).toBe(attempt);
      }
      const last = await stateOf(busy);
      expect(last.given_up_at).not.toBeNull();
      expect(last.error).toMatch(/421/);
    } finally {
      sink.accept();
    }
    later(24 * 60);
    expect(await sweep()).toBe(0);
    expect(sink.to(refused)).toHaveLength(0);
    expect(sink.to(busy)).toHaveLength(0);
    expect((await stateOf(refused)).attempts).toBe(1);
  });

  it('sends a message whose server stopped before handing it over, once, however many sweeps run at once', async () => {
    const to = `orphan-${Date.now()}@example.org`;
    // What send() writes before it hands the message to the mail server; the process then died.
    await app.get(MailRepository).insert({ ...message(to), transport: 'smtp' }, app.get(Clock).now());
    expect(await sweep()).toBe(0); // its first hand-over is still within its lease
    later(6);
    const counts = await Promise.all([sweep(), sweep(), sweep()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(sink.to(to)).toHaveLength(1);
    expect((await stateOf(to)).sent_at).not.toBeNull();
  });

  it('sweeps on the job queue every minute', async () => {
    const to = `queued-${Date.now()}@example.org`;
    await app.get(MailRepository).insert({ ...message(to), transport: 'smtp' }, app.get(Clock).now());
    later(6);
    await app.get(JobQueue).send(MAIL_DELIVERY_JOB, {});
    await eventually(() => expect(sink.to(to)).toHaveLength(1), 15_000);
    const [schedule] = (await app.dataSource.query(`SELECT cron FROM pgboss.schedule WHERE name = $1`, [
      MAIL_DELIVERY_JOB,
    ])) as { cron: string }[];
    expect(schedule?.cron).toBe('* * * * *');
  });
});
