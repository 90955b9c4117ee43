import { Logger } from '@nestjs/common';
import pino from 'pino';
import { httpLogging } from './http-logging';
import { PinoNestLogger } from './nest-logger';

/** A root logger writing JSON records into an array, and Nest's Logger pointed at it. */
function capture(options: { quietFramework?: boolean } = {}) {
  const records: Record<string, unknown>[] = [];
  const root = pino({ level: 'trace' }, { write: (line: string) => records.push(JSON.parse(line)) });
  Logger.overrideLogger(new PinoNestLogger(root, options));
  return { root, records };
}

describe('PinoNestLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it("keeps a service's fields and message, and names its context", () => {
    const { records } = capture();
    new Logger('MeetingsService').log({ event: 'meeting-created', meetingId: 'm-1' }, 'meeting created');
    expect(records).toEqual([
      expect.objectContaining({
        level: 30,
        context: 'MeetingsService',
        event: 'meeting-created',
        meetingId: 'm-1',
        msg: 'meeting created',
      }),
    ]);
  });

  it('maps the levels: verbose to trace, debug, warn, error and fatal', () => {
    const { records } = capture();
    const logger = new Logger('Ctx');
    logger.verbose('v');
    logger.debug('d');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(records.map((r) => [r.level, r.msg, r.context])).toEqual([
      [10, 'v', 'Ctx'],
      [20, 'd', 'Ctx'],
      [40, 'w', 'Ctx'],
      [50, 'e', 'Ctx'],
      [60, 'f', 'Ctx'],
    ]);
  });

  it("turns Nest's `error(message, stack)` into an error record with that stack", () => {
    const { records } = capture();
    const stack = 'Error: boom\n    at handler (app.js:1:1)';
    new Logger('ExceptionsHandler').error('boom', stack);
    expect(records[0]).toMatchObject({ level: 50, context: 'ExceptionsHandler', msg: 'boom', err: { stack } });
  });

  it('serialises an Error passed as the message', () => {
    const { records } = capture();
    new Logger('Ctx').error(new Error('broken'));
    expect(records[0]).toMatchObject({ level: 50, context: 'Ctx', err: { message: 'broken', type: 'Error' } });
  });

  it("logs through the current request's logger, so the record carries the request id", () => {
    const { root, records } = capture();
    const [, bindRequestLogger] = httpLogging(root);
    const req = { log: root.child({ req: { id: 'request-1', method: 'POST', path: '/api/auth/login' } }) };
    bindRequestLogger(req as never, {} as never, () =>
      new Logger('AuthService').log({ event: 'signed-in' }, 'signed in'),
    );
    new Logger('AuthService').log('outside a request');
    expect(records[0]).toMatchObject({ context: 'AuthService', msg: 'signed in', req: { id: 'request-1' } });
    expect(records[1]).not.toHaveProperty('req');
  });

  it("writes Nest's start-up chatter at debug for a terminal, and nothing else", () => {
    const { records } = capture({ quietFramework: true });
    new Logger('RouterExplorer').log('Mapped {/api/health, GET} route');
    new Logger('NestApplication').warn('a warning stays a warning');
    new Logger('DemoSeedService').log('demo meeting SD-DEMO-001 and accounts created');
    expect(records.map((r) => [r.level, r.context])).toEqual([
      [20, 'RouterExplorer'],
      [40, 'NestApplication'],
      [30, 'DemoSeedService'],
    ]);
  });
});
