import { type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { httpLogging } from './http-logging';

const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Logs every API request (see httpLogging) through the process's root logger. */
@Module({})
export class HttpLoggingModule implements NestModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: HttpLoggingModule, providers: [{ provide: ROOT_LOGGER, useValue: logger }] };
  }

  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  configure(consumer: MiddlewareConsumer): void {
    // Under the global prefix: every /api/… request, and nothing the client bundle answers.
    consumer.apply(...httpLogging(this.logger)).forRoutes('*path');
  }
}
