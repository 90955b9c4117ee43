import type { DocumentKind } from '@roundtable/shared/realtime';
import { useSyncExternalStore } from 'react';
import * as Y from 'yjs';

/** The awareness field each client publishes about its own editing: which section, and whether the server lacks some of it. */
export const EDITING_FIELD = 'editing';

export interface EditingState {
  /** The section key of the last local edit, or null. */
  section: string | null;
  /** Some local edit is not yet stored by the server. */
  unsaved: boolean;
}

/** Someone else in the room whose edits the server does not hold yet. */
export interface UnsavedEditor {
  userId: string;
  name: string;
  kind: DocumentKind;
  section: string | null;
}

/** The section key (root XmlFragment name) a changed type belongs to. */
export function sectionOfType(doc: Y.Doc, type: { _item: Y.Item | null }): string | null {
  let root: { _item: Y.Item | null } = type;
  while (root._item) {
    const parent: unknown = root._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    root = parent as { _item: Y.Item | null };
  }
  for (const [key, value] of doc.share) if (value === root) return key;
  return null;
}

/** Parses a relayed awareness field; null when absent or not the expected shape. */
export function readEditingState(value: unknown): EditingState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { section, unsaved } = value as Record<string, unknown>;
  if (typeof unsaved !== 'boolean') return null;
  return { section: typeof section === 'string' ? section : null, unsaved };
}

// Per meeting, per document: who else has unsaved edits (from the open collab sessions' awareness).
const editors = new Map<string, UnsavedEditor[]>();
const listeners = new Set<() => void>();
const EMPTY: UnsavedEditor[] = [];
const cache = new Map<string, UnsavedEditor[]>();

/** Called by a collab session when the awareness of its document changes. */
export function publishUnsavedEditors(meetingId: string, kind: DocumentKind, list: UnsavedEditor[]): void {
  const key = `${meetingId}/${kind}`;
  const before = editors.get(key) ?? EMPTY;
  if (before.length === 0 && list.length === 0) return;
  if (list.length === 0) editors.delete(key);
  else editors.set(key, list);
  cache.delete(meetingId);
  for (const listener of listeners) listener();
}

function snapshot(meetingId: string): UnsavedEditor[] {
  let value = cache.get(meetingId);
  if (!value) {
    value = [...(editors.get(`${meetingId}/record`) ?? []), ...(editors.get(`${meetingId}/safety-plan`) ?? [])];
    if (value.length === 0) value = EMPTY;
    cache.set(meetingId, value);
  }
  return value;
}

/** Others in the meeting whose edits the server does not hold yet, live ("Priya Placeholder is typing in …"). */
export function useUnsavedEditors(meetingId: string): UnsavedEditor[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot(meetingId),
  );
}
