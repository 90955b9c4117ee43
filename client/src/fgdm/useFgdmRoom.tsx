import type { FgdmState } from '@roundtable/shared/fgdm';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect } from 'react';
import { useApiResource } from '../conferences/useApiResource';
import type { RoomTab } from '../room/RoomTabs';
import { fgdmApi } from './fgdmApi';
import { FgdmPanel } from './FgdmPanel';

/** How often an open room reads the FGDM state again: the family shares its plan without a live event to the room. */
export const FGDM_POLL_MS = 5_000;

/**
 * The room's tab for a family group decision-making meeting, read over HTTP,
 * again every few seconds and when the window regains focus, so the room sees
 * the family's plan soon after they share it. None for other meeting types.
 */
export function useFgdmRoom(meeting: MeetingDetail): RoomTab[] {
  const fgdm = meeting.type === 'fgdm';
  const resource = useApiResource<FgdmState>(fgdm ? `fgdm:${meeting.id}` : null, () => fgdmApi.get(meeting.id));
  const { reload, setData } = resource;
  // Once the FGDM is closed, or the meeting concluded, nothing changes any more: no need to keep asking.
  const settled = resource.data?.stage === 'closed' || meeting.status === 'concluded';
  useEffect(() => {
    if (!fgdm) return;
    const again = () => void reload();
    window.addEventListener('focus', again);
    const timer = settled ? undefined : setInterval(again, FGDM_POLL_MS);
    return () => {
      window.removeEventListener('focus', again);
      clearInterval(timer);
    };
  }, [fgdm, reload, settled]);

  if (!fgdm) return [];
  return [
    {
      key: 'fgdm',
      label: 'Family group decision-making',
      content: <FgdmPanel meeting={meeting} state={resource.data} problem={resource.problem} onChanged={setData} />,
    },
  ];
}
