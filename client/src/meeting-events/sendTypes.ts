import type { Ack, AckResponse, ClientEventName, ClientToServerEvents } from '@roundtable/shared/meeting-events';
import type { NeedToKnowClientEvents } from '../need-to-know/events';

/** Every event the room sends: the shared ones and the need-to-know ones (client/src/need-to-know/events.ts). */
type RoomClientEvents = Omit<ClientToServerEvents, keyof NeedToKnowClientEvents> & NeedToKnowClientEvents;
type RoomEventName = ClientEventName | keyof NeedToKnowClientEvents;

/** Events that change something (everything but joining and leaving). */
export type ChangeEventName = Exclude<RoomEventName, 'meeting:join' | 'meeting:leave'>;

type PayloadOf<E extends RoomEventName> = Parameters<RoomClientEvents[E]>[0];

/** A change's payload as a form builds it: the hook adds the `requestId`. */
export type ChangePayload<E extends ChangeEventName> = Omit<PayloadOf<E>, 'requestId'>;

/** What the server acknowledges an event with (a DecisionResponse or an ActionResponse). */
export type AckDataOf<E extends RoomEventName> = Parameters<RoomClientEvents[E]>[1] extends Ack<infer T> ? T : never;

/**
 * Sends a change and resolves with the server's acknowledgement. Never
 * rejects: a dropped connection keeps the change pending and sends it again,
 * with the same requestId, after reconnecting.
 */
export type SendChange = <E extends ChangeEventName>(
  event: E,
  payload: ChangePayload<E>,
) => Promise<AckResponse<AckDataOf<E>>>;

/** Events acknowledged with an ActionResponse; the rest are acknowledged with a DecisionResponse. */
export function isActionEvent(event: ChangeEventName): event is Extract<ChangeEventName, `action:${string}`> {
  return event.startsWith('action:');
}

/** Events acknowledged with a ProtectedPersonResponse. */
export function isProtectedPersonEvent(
  event: ChangeEventName,
): event is Extract<ChangeEventName, `protected-person:${string}`> {
  return event.startsWith('protected-person:');
}
