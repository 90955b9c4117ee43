import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';

/** Another family member with the plan open: the name they were invited with and how they are related. */
export interface FamilyEditor {
  id: string;
  name: string;
  relationship: string;
}

function readEditor(user: unknown): FamilyEditor | null {
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, jobTitle } = user as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string' || name === '') return null;
  return { id, name, relationship: typeof jobTitle === 'string' ? jobTitle : '' };
}

/**
 * Who else from the family has the plan open, from the awareness states the
 * server relays (it writes each one's `user`: participant id, name,
 * relationship; what a browser claims about itself is not trusted). Ourselves
 * (this tab, and our other tabs once we know our id) are left out.
 */
export function useFamilyEditors(provider: WebsocketProvider | null, myParticipantId: string | null) {
  const [editors, setEditors] = useState<FamilyEditor[]>([]);
  useEffect(() => {
    if (!provider) return;
    const { awareness } = provider;
    const read = () => {
      const byId = new Map<string, FamilyEditor>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const editor = readEditor((state as { user?: unknown }).user);
        if (!editor || editor.id === myParticipantId || byId.has(editor.id)) continue;
        byId.set(editor.id, editor);
      }
      setEditors([...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')));
    };
    awareness.on('change', read);
    read();
    return () => awareness.off('change', read);
  }, [provider, myParticipantId]);
  return editors;
}
