import pino, { type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { AppConfig } from '../config/app-config';

/** `json`: one pino JSON record a line, for log collectors. `pretty`: short readable lines, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * JSON in production and whenever stdout is not a terminal (a file, a pipe,
 * a container's log driver); readable lines only when a person watches
 * `npm start` outside production.
 */
export function logFormatFor(env: AppConfig['env'], stdoutIsTerminal: boolean): LogFormat {
  return env !== 'production' && stdoutIsTerminal ? 'pretty' : 'json';
}

/** The process's one pino logger: the HTTP request log, Nest's own messages and every service log go through it. */
export function createRootLogger(level: string, format: LogFormat = 'json'): Logger {
  if (format === 'json') return pino({ level });
  // Synchronous, in this thread: lines appear in order and none is lost when the process exits.
  return pino(
    { level },
    prettyStream({
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      messageFormat: '{if context}{context}: {end}{msg}',
      // Request fields stay in the JSON log; on a terminal the message says what happened.
      ignore: 'pid,hostname,context,req,res,responseTime',
      singleLine: true,
    }),
  );
}
