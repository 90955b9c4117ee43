import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { Metrics } from '../../platform';

/**
 * Counts the /meetings socket.io events by name and outcome. Global
 * (APP_INTERCEPTOR), so it sees every gateway handler without the gateway
 * knowing; HTTP requests pass straight through. Only events with a handler
 * get here, so the `event` label stays a short, fixed list.
 */
@Injectable()
export class MeetingEventMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'ws') return next.handle();
    const event = String(context.switchToWs().getPattern());
    return next.handle().pipe(
      tap({
        // Handlers answer with an AckResponse and never throw (refusals are acknowledgements too).
        next: (ack) => this.metrics.meetingEventHandled(event, outcomeOf(ack)),
        error: () => this.metrics.meetingEventHandled(event, 'InternalError'),
      }),
    );
  }
}

function outcomeOf(ack: unknown): string {
  if (typeof ack !== 'object' || ack === null || !('ok' in ack)) return 'ok';
  if (ack.ok === true) return 'ok';
  const code = (ack as { error?: { code?: unknown } }).error?.code;
  return typeof code === 'string' ? code : 'InternalError';
}
