import pino, { type Logger } from 'pino';

/** The process's one pino logger: the HTTP request log, Nest's own messages and every service log go through it. */
export function createRootLogger(level: string): Logger {
  return pino({ level });
}
