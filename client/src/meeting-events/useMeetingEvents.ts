import type { ActionResponse } from '@roundtable/shared/actions';
import type { AgendaState } from '@roundtable/shared/agenda';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { AttendanceRegister, MeetingStatus } from '@roundtable/shared/lifecycle';
import {
  type AckResponse,
  AttendanceChangedEventSchema,
  type MeetingActivity,
  RecordSealedEventSchema,
  FAMILY_ACTIVITY_KINDS,
  FamilyActivityEventSchema,
  type FamilyActivityKind,
  SafetyScoresChangedEventSchema,
} from '@roundtable/shared/meeting-events';
import type { ProtectedPersonResponse } from '@roundtable/shared/need-to-know';
import type { SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isNeedToKnowEvent, type NeedToKnowEventName } from '../need-to-know/events';
import {
  applyNeedToKnow,
  EMPTY_NEED_TO_KNOW,
  type NeedToKnowChange,
  type NeedToKnowState,
} from '../need-to-know/needToKnowStore';
import { describeActivity, describeOwnChange, describeScore } from './activityText';
import {
  actionList,
  applyChange,
  decisionList,
  EMPTY_STORE,
  protectedPersonList,
  type StoreChange,
} from './meetingEventsStore';
import { createMeetingSocket, type MeetingSocket } from './meetingSocket';
import { newRequestId } from './requestId';
import { isActionEvent, isProtectedPersonEvent, type ChangeEventName, type SendChange } from './sendTypes';

/**
 * - connecting: opening the socket or waiting for the join acknowledgement
 * - connected:  joined; broadcasts arrive and changes are sent at once
 * - offline:    the connection dropped; socket.io reconnects by itself and
 *               pending changes are sent again after the next join
 * - refused:    the server refused the connection or the join (signed out, not a member)
 * - removed:    the user's access to the meeting was removed
 */
export type MeetingEventsConnection = 'connecting' | 'connected' | 'offline' | 'refused' | 'removed';

export interface MeetingEventsCallbacks {
  /** The server says our role in the meeting changed (not removed). */
  onRoleChanged?: (role: MeetingRole) => void;
  /** Our access to the meeting was removed. */
  onAccessRemoved?: () => void;
  /** The handshake or the join was refused: re-check the session and access (no reconnect follows by itself). */
  onRefused?: () => void;
  /** The server ended the connection (socket.io will not reconnect by itself): re-check access, then `reconnect()`. */
  onDisconnectedByServer?: () => void;
  /** The chair started or concluded the discussion: fetch the meeting again. */
  onStatusChanged?: (status: MeetingStatus) => void;
}

interface PendingChange {
  event: ChangeEventName;
  payload: { requestId: string };
  resolve: (response: AckResponse<unknown>) => void;
}

/** socket.io's typed `emit` cannot take a generic event name; this is the shape it has at run time. */
interface LooseEmitter {
  emit(event: string, payload: unknown, ack: (response: AckResponse<unknown>) => void): unknown;
}

type FamilyActivityKeys = Readonly<Record<FamilyActivityKind, number>>;
const NO_FAMILY_ACTIVITY: FamilyActivityKeys = {
  'family-view': 0,
  'safety-plan-signature': 0,
  'family-attendance': 0,
  fgdm: 0,
};
function bumpFamilyActivity(keys: FamilyActivityKeys, kinds: readonly FamilyActivityKind[]): FamilyActivityKeys {
  const next = { ...keys };
  for (const kind of kinds) next[kind] += 1;
  return next;
}

/** A manual reconnect after the server ended the connection waits at least this long after the previous one. */
const RECONNECT_INTERVAL_MS = 5_000;

/** Announcements that arrive this close together are read out as one. */
const ANNOUNCE_MERGE_MS = 1_000;

const OWN_NEED_TO_KNOW_CHANGE: Record<NeedToKnowEventName, string> = {
  'compartment:create': 'Restricted information added',
  'compartment:share': 'The restricted information has been shared more widely',
  'sharing-decision:record': 'The information-sharing decision has been recorded',
  'family-facing:set': 'The family version has been changed',
};

const REMOVED: AckResponse<never> = {
  ok: false,
  error: { code: 'Forbidden', message: 'Your access to this strategy discussion has been removed' },
};

/**
 * The meeting's decisions, action log, safety plan scores and attendance
 * register, live over socket.io (`/meetings`). Nothing polls: the join (on
 * every connect) brings the current state, broadcasts bring each change.
 * `sealedRecordsKey` changes on every join and every `record:sealed`, so the
 * sealed versions (loaded over HTTP) are loaded again when one may be new.
 * `familyActivityKeys` does the same for what the family did and the FGDM
 * state, one key per `family:activity` kind, each changed on every join too.
 *
 * - Joins on every `connect`, so a reconnect gets the current state.
 * - Keeps only the highest `revision` of each decision and action, whatever
 *   order the join snapshot, broadcasts and acknowledgements arrive in.
 * - `send` gives each change a fresh requestId. If the connection drops
 *   before the acknowledgement, the change is sent again with the SAME
 *   requestId after rejoining; the server applies a repeat once.
 * - `announcement` is text for one polite live region, from broadcasts'
 *   `activity` when they advance a revision, and from the acknowledgement of
 *   our own change. Each revision is announced at most once, so our own
 *   change is not said twice (once from its ack, once from its echo).
 */
export function useMeetingEvents(meetingId: string, callbacks: MeetingEventsCallbacks = {}) {
  const [store, setStore] = useState(EMPTY_STORE);
  const [needToKnow, setNeedToKnow] = useState<NeedToKnowState>(EMPTY_NEED_TO_KNOW);
  const needToKnowRef = useRef(EMPTY_NEED_TO_KNOW);
  const storeRef = useRef(EMPTY_STORE);
  const [connection, setConnection] = useState<MeetingEventsConnection>('connecting');
  const [pendingCount, setPendingCount] = useState(0);
  const [announcement, setAnnouncement] = useState({ text: '', key: 0, at: 0 });
  const [sealedRecordsKey, setSealedRecordsKey] = useState(0);
  const [familyActivityKeys, setFamilyActivityKeys] = useState(NO_FAMILY_ACTIVITY);
  const socketRef = useRef<MeetingSocket | null>(null);
  const joinedRef = useRef(false);
  const pendingRef = useRef(new Map<string, PendingChange>());
  const callbacksRef = useRef(callbacks);
  callbacksRef.current = callbacks;

  const apply = useCallback((change: StoreChange): boolean => {
    const next = applyChange(storeRef.current, change);
    if (next === storeRef.current) return false;
    storeRef.current = next;
    setStore(next);
    return true;
  }, []);

  /** Compartments, sharing decisions and family-facing marks, as this reader may see them. */
  const applyNtk = useCallback((change: NeedToKnowChange): boolean => {
    const next = applyNeedToKnow(needToKnowRef.current, change);
    if (next === needToKnowRef.current) return false;
    needToKnowRef.current = next;
    setNeedToKnow(next);
    return true;
  }, []);

  const announce = useCallback((text: string) => {
    const now = Date.now();
    setAnnouncement((previous) => ({
      text: now - previous.at < ANNOUNCE_MERGE_MS && previous.text ? `${previous.text}. ${text}` : text,
      key: previous.key + 1,
      at: now,
    }));
  }, []);

  const announcedRef = useRef(new Set<string>());
  /** True the first time a revision of a row is marked (so it is announced once, by broadcast or by ack). */
  const markAnnounced = useCallback((row: { id: string; revision: number }): boolean => {
    const key = `${row.id}:${row.revision}`;
    if (announcedRef.current.has(key)) return false;
    announcedRef.current.add(key);
    return true;
  }, []);

  const settle = useCallback((requestId: string): PendingChange | undefined => {
    const entry = pendingRef.current.get(requestId);
    if (!entry) return undefined;
    pendingRef.current.delete(requestId);
    setPendingCount(pendingRef.current.size);
    return entry;
  }, []);

  const emitChange = useCallback(
    (socket: MeetingSocket, entry: PendingChange) => {
      (socket as unknown as LooseEmitter).emit(entry.event, entry.payload, (response) => {
        // A retry's acknowledgement may follow the first one's: settle once.
        if (!settle(entry.payload.requestId)) return;
        if (response.ok && isNeedToKnowEvent(entry.event)) {
          applyNtk(
            entry.event === 'sharing-decision:record'
              ? { type: 'sharing-decision', payload: response.data }
              : entry.event === 'family-facing:set'
                ? { type: 'family-facing', payload: response.data }
                : { type: 'compartment', payload: response.data },
          );
          announce(OWN_NEED_TO_KNOW_CHANGE[entry.event]);
        } else if (response.ok && entry.event === 'agenda:set') {
          apply({ type: 'agenda', agenda: response.data as AgendaState });
        } else if (response.ok && isProtectedPersonEvent(entry.event)) {
          const person = response.data as ProtectedPersonResponse;
          apply({ type: 'protected-person', person });
          const text = describeOwnChange(entry.event);
          if (text && markAnnounced(person)) announce(text);
        } else if (response.ok) {
          const row = response.data as ActionResponse | DecisionResponse;
          if (isActionEvent(entry.event)) apply({ type: 'action', action: row as ActionResponse });
          else apply({ type: 'decision', decision: row as DecisionResponse });
          // Said once per revision: not again if its broadcast (our echo) was announced first.
          const text = describeOwnChange(entry.event);
          if (text && markAnnounced(row)) announce(text);
        }
        entry.resolve(response);
      });
    },
    [apply, applyNtk, announce, settle, markAnnounced],
  );

  useEffect(() => {
    const socket = createMeetingSocket();
    socketRef.current = socket;
    let removed = false;

    const applyBroadcast = (change: StoreChange, row: { id: string; revision: number }, activity: MeetingActivity) => {
      if (apply(change) && markAnnounced(row)) announce(describeActivity(activity));
    };

    socket.on('connect', () => {
      joinedRef.current = false;
      setConnection('connecting');
      socket.emit('meeting:join', { meetingId }, (response) => {
        if (!socket.connected) return;
        if (!response.ok) {
          setConnection('refused');
          socket.disconnect();
          callbacksRef.current.onRefused?.();
          return;
        }
        apply({ type: 'snapshot', state: response.data });
        applyNtk({ type: 'snapshot', state: response.data });
        joinedRef.current = true;
        setConnection('connected');
        // A version sealed while we were away is listed when the records are loaded again.
        setSealedRecordsKey((key) => key + 1);
        // Likewise whatever the family did, and the FGDM, while we were away.
        setFamilyActivityKeys((keys) => bumpFamilyActivity(keys, FAMILY_ACTIVITY_KINDS));
        // Changes whose acknowledgement was lost with the connection go again, same requestId.
        for (const entry of pendingRef.current.values()) emitChange(socket, entry);
      });
    });
    socket.on('disconnect', (reason) => {
      joinedRef.current = false;
      if (removed) return;
      setConnection('offline');
      if (reason === 'io server disconnect') callbacksRef.current.onDisconnectedByServer?.();
    });
    socket.on('connect_error', () => {
      if (removed) return;
      // An inactive socket was refused at the handshake (e.g. the session ended) and will not retry.
      setConnection(socket.active ? 'offline' : 'refused');
      if (!socket.active) callbacksRef.current.onRefused?.();
    });
    socket.on('decision:changed', ({ decision, activity }) => {
      if (decision.meetingId === meetingId) applyBroadcast({ type: 'decision', decision }, decision, activity);
    });
    socket.on('action:changed', ({ action, activity }) => {
      if (action.meetingId === meetingId) applyBroadcast({ type: 'action', action }, action, activity);
    });
    // Each member receives their own copy: the name only inside its audience.
    socket.on('protected-person:changed', ({ person, activity }) => {
      if (person.meetingId === meetingId) applyBroadcast({ type: 'protected-person', person }, person, activity);
    });
    // The "Now discussing" line announces the move itself (with the section's title).
    socket.on('agenda:changed', ({ agenda }) => {
      if (agenda.meetingId === meetingId) apply({ type: 'agenda', agenda });
    });
    // Scores (recorded over HTTP) and the register (presence, apologies): checked against the
    // shared schema, kept only when newer; changes by others are announced.
    socket.on('safety-plan:scores-changed', (payload) => {
      const parsed = SafetyScoresChangedEventSchema.safeParse(payload);
      if (!parsed.success || parsed.data.meetingId !== meetingId) return;
      const { scores, recorded } = parsed.data;
      const mine = recorded.recordedBy.userId === storeRef.current.userId;
      if (apply({ type: 'safety-scores', scores }) && !mine) announce(describeScore(recorded));
    });
    socket.on('attendance:changed', (payload) => {
      const parsed = AttendanceChangedEventSchema.safeParse(payload);
      if (!parsed.success || parsed.data.meetingId !== meetingId) return;
      const { register, activity, actorUserId } = parsed.data;
      // Joining and leaving are announced by the presence list; apologies here.
      if (apply({ type: 'attendance', register }) && activity && actorUserId !== storeRef.current.userId) {
        announce(describeActivity(activity));
      }
    });
    // Need-to-know (shared/src/need-to-know.ts): each reader gets their own payload, withheld or open.
    // The activity names who and which agency, never the restricted text.
    socket.on('compartment:changed', (payload) => {
      if (payload.compartment.meetingId !== meetingId) return;
      if (applyNtk({ type: 'compartment', payload })) announce(describeActivity(payload.activity));
    });
    socket.on('sharing-decision:recorded', (payload) => {
      if (payload.decision.meetingId !== meetingId) return;
      if (applyNtk({ type: 'sharing-decision', payload })) announce(describeActivity(payload.activity));
    });
    const loose = socket as unknown as { on(event: string, listener: (payload: unknown) => void): unknown };
    loose.on('family-facing:changed', (payload) => void applyNtk({ type: 'family-facing', payload }));
    // A version of the sealed record was stored (conclusion, addendum sign-off): load the versions again.
    socket.on('record:sealed', (payload) => {
      const parsed = RecordSealedEventSchema.safeParse(payload);
      if (parsed.success && parsed.data.meetingId === meetingId) setSealedRecordsKey((key) => key + 1);
    });
    // The family did something (a view, a signature), their attendance was recorded, or the FGDM changed:
    // the kind only; the panels load their GET route again.
    socket.on('family:activity', (payload) => {
      const parsed = FamilyActivityEventSchema.safeParse(payload);
      if (!parsed.success || parsed.data.meetingId !== meetingId) return;
      setFamilyActivityKeys((keys) => bumpFamilyActivity(keys, [parsed.data.kind]));
    });
    socket.on('meeting:status-changed', ({ meetingId: changedMeetingId, status }) => {
      if (changedMeetingId !== meetingId) return;
      announce(status === 'concluded' ? 'The chair concluded the discussion' : 'The chair started the discussion');
      callbacksRef.current.onStatusChanged?.(status);
      // Concluding settles undecided decisions (not reached): take the state again.
      socket.emit('meeting:join', { meetingId }, (response) => {
        if (!response.ok) return;
        apply({ type: 'snapshot', state: response.data });
        applyNtk({ type: 'snapshot', state: response.data });
      });
    });
    socket.on('meeting:access-changed', ({ meetingId: changedMeetingId, role }) => {
      if (changedMeetingId !== meetingId) return;
      if (role !== null) {
        apply({ type: 'role', role });
        callbacksRef.current.onRoleChanged?.(role);
        return;
      }
      removed = true;
      apply({ type: 'role', role: null });
      setConnection('removed');
      announce('Your access to this strategy discussion has been removed');
      for (const requestId of [...pendingRef.current.keys()]) settle(requestId)?.resolve(REMOVED);
      socket.disconnect();
      callbacksRef.current.onAccessRemoved?.();
    });

    socket.connect();
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
      joinedRef.current = false;
    };
  }, [meetingId, apply, applyNtk, announce, emitChange, settle, markAnnounced]);

  const lastReconnect = useRef(0);
  /** Connects again after the server ended the connection (once access was re-checked); at most every few seconds. */
  const reconnect = useCallback(() => {
    const socket = socketRef.current;
    if (!socket || socket.connected || socket.active) return;
    const wait = Math.max(0, lastReconnect.current + RECONNECT_INTERVAL_MS - Date.now());
    lastReconnect.current = Date.now() + wait;
    setTimeout(() => {
      if (socketRef.current === socket && !socket.active) socket.connect();
    }, wait);
  }, []);

  const send = useCallback<SendChange>(
    (event, payload) =>
      new Promise((resolve) => {
        const requestId = newRequestId();
        const entry: PendingChange = {
          event,
          payload: { ...payload, requestId },
          resolve: resolve as (response: AckResponse<unknown>) => void,
        };
        pendingRef.current.set(requestId, entry);
        setPendingCount(pendingRef.current.size);
        const socket = socketRef.current;
        // Otherwise it waits in `pending` and goes after the next join (never also from socket.io's own buffer).
        if (socket?.connected && joinedRef.current) emitChange(socket, entry);
      }),
    [emitChange],
  );

  const decisions = useMemo(() => decisionList(store), [store]);
  const actions = useMemo(() => actionList(store), [store]);
  const protectedPersons = useMemo(() => protectedPersonList(store), [store]);

  /** Our own score, as the HTTP answer gave it (its broadcast may come before or after). */
  const scoresRecorded = useCallback(
    (scores: SafetyPlanScoresResponse) => {
      apply({ type: 'safety-scores', scores });
    },
    [apply],
  );
  /** The register as our own change (apologies) answered it. */
  const attendanceRecorded = useCallback(
    (register: AttendanceRegister) => {
      apply({ type: 'attendance', register });
    },
    [apply],
  );

  return {
    role: store.role,
    agenda: store.agenda,
    decisions,
    actions,
    safetyScores: store.safetyScores,
    attendance: store.attendance,
    protectedPersons,
    needToKnow,
    sealedRecordsKey,
    familyActivityKeys,
    scoresRecorded,
    attendanceRecorded,
    connection,
    pendingCount,
    announcement: { text: announcement.text, key: announcement.key },
    send,
    reconnect,
  };
}

export type MeetingEvents = ReturnType<typeof useMeetingEvents>;
