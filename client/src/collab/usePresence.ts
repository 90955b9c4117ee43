import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { PresenceUser } from '@roundtable/shared/realtime';
import { AgencySchema, MeetingRoleSchema } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { z } from 'zod';

/** The `user` field the server writes into every awareness state it relays. */
const PresenceUserSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  jobTitle: z.string(),
  agency: AgencySchema,
  // Older servers do not send it: read as none.
  organisation: z.string().nullable().default(null),
  role: MeetingRoleSchema,
  colour: z.string(),
});

/** Quiet period after (re)connecting, while the initial states arrive, before joins and leaves are announced. */
const SETTLE_MS = 1_500;

/**
 * Everyone else present in the record document, from the awareness states the
 * server relays (it sets `user`; what a client claims about itself is not
 * trusted). Our own local state is skipped, and people are de-duplicated by
 * user id (two tabs are one person). `announcement` is text for a polite live
 * region: "Alex Example (Police) joined".
 */
export function usePresence(provider: WebsocketProvider | null, myUserId: string, connected: boolean) {
  const [people, setPeople] = useState<PresenceUser[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const previous = useRef<Map<string, PresenceUser> | null>(null);

  useEffect(() => {
    if (!provider) return;
    const { awareness } = provider;
    let announcing = false;
    previous.current = null;
    const settle = setTimeout(() => {
      announcing = true;
    }, SETTLE_MS);

    const read = () => {
      const byUser = new Map<string, PresenceUser>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const parsed = PresenceUserSchema.safeParse((state as { user?: unknown }).user);
        if (!parsed.success || parsed.data.id === myUserId || byUser.has(parsed.data.id)) continue;
        byUser.set(parsed.data.id, parsed.data);
      }
      const before = previous.current;
      // A dropped connection clears everyone's state: that is not people leaving.
      if (announcing && before && provider.wsconnected) {
        const joined = [...byUser.values()].filter((user) => !before.has(user.id));
        const left = [...before.values()].filter((user) => !byUser.has(user.id));
        const describe = (user: PresenceUser) => `${user.name} (${AGENCY_LABELS[user.agency]})`;
        const messages = [
          ...joined.map((user) => `${describe(user)} joined`),
          ...left.map((user) => `${describe(user)} left`),
        ];
        if (messages.length > 0) setAnnouncement(messages.join('. '));
      }
      previous.current = byUser;
      setPeople([...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')));
    };

    awareness.on('change', read);
    read();
    return () => {
      clearTimeout(settle);
      awareness.off('change', read);
    };
    // Re-subscribing on reconnect restarts the quiet period, so a reconnect does not announce everyone again.
  }, [provider, myUserId, connected]);

  return { people, announcement };
}
