import type { ActionResponse } from '@roundtable/shared/actions';
import type { AgendaState } from '@roundtable/shared/agenda';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { AttendanceRegister } from '@roundtable/shared/lifecycle';
import type { MeetingEventsState } from '@roundtable/shared/meeting-events';
import type { ProtectedPersonResponse } from '@roundtable/shared/need-to-know';
import type { SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';

/**
 * Decisions and actions of one meeting as the server last described them.
 * Each row carries a `revision` that increases with every change; a row is
 * replaced only by a higher revision, so a late broadcast, a repeated ack or a
 * stale join snapshot never rolls anything back.
 */
export interface MeetingEventsStore {
  role: MeetingRole | null;
  /** The signed-in user, as the join told us (to tell our own changes from others'). */
  userId: string | null;
  decisions: Readonly<Record<string, DecisionResponse>>;
  actions: Readonly<Record<string, ActionResponse>>;
  /** The section being discussed now (null until the join state arrives). */
  agenda: AgendaState | null;
  /** The safety plan's scores; append-only, so the one with the longer history is the newer. */
  safetyScores: SafetyPlanScoresResponse | null;
  /** The attendance register; the one read last (`asOf`) is the newer. */
  attendance: AttendanceRegister | null;
  /** People whose identity is protected, as this reader may see them (`name` null outside the audience). */
  protectedPersons: Readonly<Record<string, ProtectedPersonResponse>>;
}

export type StoreChange =
  | { type: 'snapshot'; state: MeetingEventsState }
  | { type: 'decision'; decision: DecisionResponse }
  | { type: 'action'; action: ActionResponse }
  | { type: 'agenda'; agenda: AgendaState }
  | { type: 'role'; role: MeetingRole | null }
  | { type: 'safety-scores'; scores: SafetyPlanScoresResponse }
  | { type: 'attendance'; register: AttendanceRegister }
  | { type: 'protected-person'; person: ProtectedPersonResponse };

export const EMPTY_STORE: MeetingEventsStore = {
  role: null,
  userId: null,
  decisions: {},
  actions: {},
  agenda: null,
  safetyScores: null,
  attendance: null,
  protectedPersons: {},
};

/** An agenda with a higher revision (a server from before the agenda sends none: kept as it was). */
function newerAgenda(current: AgendaState | null, next: AgendaState | undefined): next is AgendaState {
  return next !== undefined && (current === null || next.revision > current.revision);
}

/** The newer of two score lists: scores are never changed or removed, so more history is later. */
export function newerScores(
  current: SafetyPlanScoresResponse | null,
  incoming: SafetyPlanScoresResponse,
): SafetyPlanScoresResponse | null {
  return current === null || incoming.history.length > current.history.length ? incoming : current;
}

/** The newer of two registers, by when the server read them (a tie takes the incoming one). */
export function newerRegister(current: AttendanceRegister | null, incoming: AttendanceRegister): AttendanceRegister {
  if (current === null || Date.parse(incoming.asOf) >= Date.parse(current.asOf)) return incoming;
  return current;
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
      const { role, userId } = change.state;
      const agenda = newerAgenda(store.agenda, change.state.agenda) ? change.state.agenda : store.agenda;
      const safetyScores = newerScores(store.safetyScores, change.state.safetyScores);
      const attendance = newerRegister(store.attendance, change.state.attendance);
      // A server from before protected persons sends none: kept as they were.
      const protectedPersons = mergeAll(store.protectedPersons, change.state.protectedPersons ?? []);
      if (
        decisions === store.decisions &&
        actions === store.actions &&
        role === store.role &&
        userId === store.userId &&
        agenda === store.agenda &&
        safetyScores === store.safetyScores &&
        attendance === store.attendance &&
        protectedPersons === store.protectedPersons
      ) {
        return store;
      }
      return { ...store, role, userId, decisions, actions, agenda, safetyScores, attendance, protectedPersons };
    }
    case 'safety-scores': {
      const safetyScores = newerScores(store.safetyScores, change.scores);
      return safetyScores === store.safetyScores ? store : { ...store, safetyScores };
    }
    case 'attendance': {
      const attendance = newerRegister(store.attendance, change.register);
      return attendance === store.attendance ? store : { ...store, attendance };
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
    case 'protected-person':
      return newer(store.protectedPersons, change.person)
        ? { ...store, protectedPersons: { ...store.protectedPersons, [change.person.id]: change.person } }
        : store;
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

/** Protected persons in the order they were named. */
export function protectedPersonList(store: MeetingEventsStore): ProtectedPersonResponse[] {
  return Object.values(store.protectedPersons).sort(
    (a, b) => Date.parse(a.addedAt) - Date.parse(b.addedAt) || a.id.localeCompare(b.id),
  );
}
