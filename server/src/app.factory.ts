import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import {
  type AppConfig,
  assertRedisReachable,
  ConfigError,
  createRootLogger,
  type DatabaseHandle,
  HttpExceptionFilter,
  logFormatFor,
  type LogFormat,
  noStoreApiResponses,
  PinoNestLogger,
  SERVICE_ACCOUNT_BEARER,
  RedisIoAdapter,
  securityHeaders,
  serveClient,
  startEmbeddedPostgres,
} from './platform';
import { demoAccountProblems, findEnabledDemoAccounts } from './demo';

export interface RoundtableApp {
  app: NestExpressApplication;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  database: DatabaseHandle;
  /** Graceful, idempotent: stop accepting, flush, close connections, stop the embedded database. */
  close(): Promise<void>;
}

/** Longest a client may take to send request headers, and a whole request. Upgraded WebSockets are not affected. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Builds and starts the whole app: database (embedded unless DATABASE_URL or
 * a handle is given), migrations, API, realtime endpoints and the client.
 * Everything logs through one root logger: the given one, else one in the
 * format that suits where stdout goes (see logFormatFor).
 */
export async function createRoundtableApp(
  config: AppConfig,
  options: { database?: DatabaseHandle; log?: { logger: Logger; format: LogFormat } } = {},
): Promise<RoundtableApp> {
  // Before anything starts: with REDIS_URL set, an unreachable Redis stops the start with the reason.
  if (config.redisUrl) await assertRedisReachable(config.redisUrl);
  const format = options.log?.format ?? logFormatFor(config.env, process.stdout.isTTY === true);
  const logger = options.log?.logger ?? createRootLogger(config.logLevel, format);
  const database =
    options.database ??
    (config.databaseUrl
      ? { url: config.databaseUrl, embedded: false, stop: async () => {} }
      : await startEmbeddedPostgres(config.dataDir, logger));
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url, logger), {
      bufferLogs: true,
    });
  } catch (error) {
    if (!options.database) await database.stop();
    throw error;
  }
  try {
    // Migrations have run; a production database must not hold usable demo accounts.
    if (config.env === 'production') {
      const problems = demoAccountProblems(await findEnabledDemoAccounts(app.get(DataSource)));
      if (problems.length > 0) throw new ConfigError(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
    }
  } catch (error) {
    await app.close();
    if (!options.database) await database.stop();
    throw error;
  }
  app.useLogger(new PinoNestLogger(logger, { quietFramework: format === 'pretty' }));
  if (config.redisUrl) {
    const adapter = new RedisIoAdapter(app, config.redisUrl);
    await adapter.connect();
    app.useWebSocketAdapter(adapter);
  }
  app.set('trust proxy', config.trustProxy);
  // Behind TLS (COOKIE_SECURE, always in production): HSTS and upgrade-insecure-requests too.
  app.use(...securityHeaders({ tls: config.cookieSecure }));
  app.use('/api', noStoreApiResponses);
  app.use(cookieParser());
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new HttpExceptionFilter());
  if (config.apiDocs) {
    const openApi = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Roundtable API')
        .setDescription('Strategy discussions, membership and live co-editing. Realtime protocol: docs/REALTIME.md')
        .setVersion('0.1.0')
        .addCookieAuth('rt_session')
        .addBearerAuth(
          { type: 'http', scheme: 'bearer', description: 'A service account token, rt_sa_… (docs/INTEGRATIONS.md)' },
          SERVICE_ACCOUNT_BEARER,
        )
        .build(),
    );
    SwaggerModule.setup('api/docs', app, openApi, { jsonDocumentUrl: 'api/docs-json' });
  }
  serveClient(app, { clientDist: config.clientDist, production: config.env === 'production' });

  // A client that opens a connection and never finishes its request (a half-sent WebSocket
  // upgrade, slowloris) is dropped; Node checks every 30 s, so it goes within 40 s (default 90 s).
  const httpServer = app.getHttpServer() as Server;
  httpServer.headersTimeout = HEADERS_TIMEOUT_MS;
  httpServer.requestTimeout = REQUEST_TIMEOUT_MS;
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    database,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        if (!options.database) await database.stop();
      })()),
  };
}
