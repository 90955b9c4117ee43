import type { ClientToServerEvents, ServerToClientEvents } from '@roundtable/shared/meeting-events';
import { MEETINGS_NAMESPACE } from '@roundtable/shared/meeting-events';
import { io, type Socket } from 'socket.io-client';

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket on the `/meetings` namespace of this origin (the Vite dev server
 * proxies `/socket.io`). WebSocket only: no long-polling fallback, so the
 * session cookie goes with the upgrade and every change travels on one
 * connection. Created unconnected; the caller connects it inside an effect.
 */
export function createMeetingSocket(): MeetingSocket {
  return io(MEETINGS_NAMESPACE, { withCredentials: true, transports: ['websocket'], autoConnect: false });
}
