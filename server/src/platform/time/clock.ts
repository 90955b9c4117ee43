import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * The server's "now" for scheduled work (reminders, expiries, clocks). One
 * place to ask, so a test can move time forward for every reader at once
 * instead of waiting days; production never moves it.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'env'>) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this instance's clock forward by `ms`. Refused outside NODE_ENV=test. */
  advanceForTests(ms: number): void {
    if (this.config.env !== 'test') throw new Error('the clock moves only in tests');
    this.offsetMs += ms;
  }
}
