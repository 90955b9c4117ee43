import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { currentRequestLogger } from './http-logging';

/** Nest's own start-up chatter: a line per module, route and socket.io message. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
]);

/** A stack trace, as Nest's exception handlers pass it: `logger.error(message, stack)`. */
const STACK = /\n\s*at /;

/**
 * Nest's LoggerService over pino. Nest's own messages and every
 * `new Logger(Context)` of the app become pino records with `context` set;
 * inside an HTTP request they go through that request's logger, so they
 * carry its id. `logger.log({ fields }, 'message')` keeps the fields.
 */
export class PinoNestLogger implements LoggerService {
  constructor(
    private readonly root: Logger,
    /** Write Nest's start-up chatter at debug rather than info (on a terminal, where a person reads it). */
    private readonly options: { quietFramework?: boolean } = {},
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    // Nest's Logger appends the context as the last parameter (and an undefined before it when there was none).
    const context = params.length > 0 ? params.at(-1) : undefined;
    const rest = params.slice(0, -1).filter((p) => p !== undefined);
    const fields: Record<string, unknown> = typeof context === 'string' ? { context } : {};
    if (
      level === 'info' &&
      this.options.quietFramework &&
      typeof context === 'string' &&
      FRAMEWORK_CONTEXTS.has(context)
    )
      level = 'debug';
    const logger = currentRequestLogger() ?? this.root;
    if (message instanceof Error) {
      logger[level]({ ...fields, err: message }, ...(rest as [string?]));
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message }, ...(rest as [string?]));
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && STACK.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      logger.error({ ...fields, err }, String(message));
    } else {
      logger[level](fields, String(message), ...rest);
    }
  }
}
