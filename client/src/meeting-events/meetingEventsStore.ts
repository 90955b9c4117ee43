import type { ActionResponse } from '@roundtable/shared/actions';
import type { AgendaState } from '@roundtable/shared/agenda';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingEventsState } from '@roundtable/shared/meeting-events';

/**
 * Decisions and actions of one meeting as the server last described them.
 * Each row carries a `revision` that increases with every change; a row is
 * replaced only by a higher revision, so a late broadcast, a repeated ack or a
 * stale join snapshot never rolls anything back.
 */
export interface MeetingEventsStore {
  role: MeetingRole | null;
  decisions: Readonly<Record<string, DecisionResponse>>;
  actions: Readonly<Record<string, ActionResponse>>;
  /** The section being discussed now (null until the join state arrives). */
  agenda: AgendaState | null;
}

export type StoreChange =
  | { type: 'snapshot'; state: MeetingEventsState }
  | { type: 'decision'; decision: DecisionResponse }
  | { type: 'action'; action: ActionResponse }
  | { type: 'agenda'; agenda: AgendaState }
  | { type: 'role'; role: MeetingRole | null };

export const EMPTY_STORE: MeetingEventsStore = { role: null, decisions: {}, actions: {}, agenda: null };

/** An agenda with a higher revision (a server from before the agenda sends none: kept as it was). */
function newerAgenda(current: AgendaState | null, next: AgendaState | undefined): next is AgendaState {
  return next !== undefined && (current === null || next.revision > current.revision);
}

function newer<T extends { id: string; revision: number }>(rows: Readonly<Record<string, T>>, row: T): boolean {
  const current = rows[row.id];
  return current === undefined || row.revision > current.revision;
}

function mergeAll<T extends { id: string; revision: number }>(
  rows: Readonly<Record<string, T>>,
  incoming: readonly T[],
): Readonly<Record<string, T>> {
  let next = rows;
  for (const row of incoming) {
    if (newer(next, row)) next = { ...next, [row.id]: row };
  }
  return next;
}

/** Applies one change; returns the same object when nothing changed (so callers can tell). */
export function applyChange(store: MeetingEventsStore, change: StoreChange): MeetingEventsStore {
  switch (change.type) {
    case 'snapshot': {
      const decisions = mergeAll(store.decisions, change.state.decisions);
      const actions = mergeAll(store.actions, change.state.actions);
      const role = change.state.role;
      const agenda = newerAgenda(store.agenda, change.state.agenda) ? change.state.agenda : store.agenda;
      if (decisions === store.decisions && actions === store.actions && role === store.role && agenda === store.agenda)
        return store;
      return { role, decisions, actions, agenda };
    }
    case 'decision':
      return newer(store.decisions, change.decision)
        ? { ...store, decisions: { ...store.decisions, [change.decision.id]: change.decision } }
        : store;
    case 'action':
      return newer(store.actions, change.action)
        ? { ...store, actions: { ...store.actions, [change.action.id]: change.action } }
        : store;
    case 'agenda':
      return newerAgenda(store.agenda, change.agenda) ? { ...store, agenda: change.agenda } : store;
    case 'role':
      return change.role === store.role ? store : { ...store, role: change.role };
  }
}

/** Decisions oldest first (the order they were opened). */
export function decisionList(store: MeetingEventsStore): DecisionResponse[] {
  return Object.values(store.decisions).sort(
    (a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || a.id.localeCompare(b.id),
  );
}

/** Actions soonest due first. */
export function actionList(store: MeetingEventsStore): ActionResponse[] {
  return Object.values(store.actions).sort(
    (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}
