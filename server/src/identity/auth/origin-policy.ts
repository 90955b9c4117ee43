import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../platform';

/**
 * Which pages may open a cookie-authenticated WebSocket (the collab endpoint
 * and the socket.io handshake). Browsers send cookies on cross-site WebSocket
 * upgrades and neither `ws` nor socket.io checks Origin for us, so without
 * this any site could act as a signed-in user (cross-site WebSocket hijacking).
 */
@Injectable()
export class OriginPolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'allowedOrigins'>) {}

  /** Same origin as the Host the browser connected to, or listed in ALLOWED_ORIGINS. A missing Origin is refused. */
  isAllowed(headers: IncomingHttpHeaders): boolean {
    const origin = headers.origin?.toLowerCase();
    if (!origin) return false;
    const host = headers.host?.toLowerCase();
    if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
    return this.config.allowedOrigins.some((allowed) => allowed.toLowerCase() === origin);
  }
}
