import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { LiveConnectionRegistry } from './live-connections/live-connections.registry';

/** Process-wide providers: the validated config and the registry of live connections. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, LiveConnectionRegistry],
      exports: [APP_CONFIG, LiveConnectionRegistry],
    };
  }
}
