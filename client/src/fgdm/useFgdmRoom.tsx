import type { FgdmState } from '@roundtable/shared/fgdm';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef } from 'react';
import { useApiResource } from '../conferences/useApiResource';
import type { RoomTab } from '../room/RoomTabs';
import { fgdmApi } from './fgdmApi';
import { FgdmPanel } from './FgdmPanel';

/**
 * How often an open room reads the FGDM state again while its `/meetings`
 * socket is NOT connected (a fallback only: connected, `family:activity`
 * `fgdm` says when to read it, and every rejoin reads it too).
 */
export const FGDM_POLL_MS = 5_000;

/** What the room's `/meetings` connection tells this tab (from useMeetingEvents). */
export interface FgdmLive {
  /** Changes on every `family:activity` of kind `fgdm` and on every join. */
  refreshKey: number;
  /** The socket is joined: no need to poll. */
  connected: boolean;
}

/**
 * The room's tab for a family group decision-making meeting, read over HTTP:
 * again whenever the room is told the FGDM changed (a stage, a bottom line,
 * the family presented their plan, a response, a support item), on every
 * rejoin and when the window regains focus; every few seconds only while the
 * room's connection is down. None for other meeting types.
 */
export function useFgdmRoom(meeting: MeetingDetail, live: FgdmLive): RoomTab[] {
  const fgdm = meeting.type === 'fgdm';
  const resource = useApiResource<FgdmState>(fgdm ? `fgdm:${meeting.id}` : null, () => fgdmApi.get(meeting.id));
  const { reload, setData } = resource;
  // Once the FGDM is closed, or the meeting concluded, nothing changes any more: no need to keep asking.
  const settled = resource.data?.stage === 'closed' || meeting.status === 'concluded';
  const poll = !settled && !live.connected;
  const first = useRef(true);
  useEffect(() => {
    // The first key is the initial load's; each later one is news.
    if (first.current) {
      first.current = false;
      return;
    }
    if (fgdm) void reload();
  }, [fgdm, reload, live.refreshKey]);
  useEffect(() => {
    if (!fgdm) return;
    const again = () => void reload();
    window.addEventListener('focus', again);
    const timer = poll ? setInterval(again, FGDM_POLL_MS) : undefined;
    return () => {
      window.removeEventListener('focus', again);
      clearInterval(timer);
    };
  }, [fgdm, reload, poll]);

  if (!fgdm) return [];
  return [
    {
      key: 'fgdm',
      label: 'Family group decision-making',
      content: <FgdmPanel meeting={meeting} state={resource.data} problem={resource.problem} onChanged={setData} />,
    },
  ];
}
