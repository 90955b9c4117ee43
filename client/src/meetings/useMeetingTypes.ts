import {
  MEETING_TYPE_LABELS,
  MEETING_TYPES,
  type MeetingType,
  type MeetingTypeDefinition,
} from '@roundtable/shared/pathway';
import { useEffect, useState } from 'react';
import { api } from '../api';

export type ConvenedFrom = MeetingTypeDefinition['convenedFrom'];

export interface MeetingTypeChoice {
  type: MeetingType;
  label: string;
  convenedFrom: ConvenedFrom;
}

/** The law's rules (shared/src/pathway.ts), used until the deployment's list arrives or if it cannot be loaded. */
const CONVENED_FROM: Record<MeetingType, ConvenedFrom> = {
  'strategy-discussion': 'nothing',
  icpc: 'strategy-discussion',
  'core-group': 'child-protection-plan',
  'review-conference': 'child-protection-plan',
  fgdm: 'nothing',
};

export const DEFAULT_MEETING_TYPES: readonly MeetingTypeChoice[] = MEETING_TYPES.map((type) => ({
  type,
  label: MEETING_TYPE_LABELS[type],
  convenedFrom: CONVENED_FROM[type],
}));

/** The meeting types as this deployment names them (GET /api/meeting-types). */
export function useMeetingTypes(): readonly MeetingTypeChoice[] {
  const [types, setTypes] = useState<readonly MeetingTypeChoice[]>(DEFAULT_MEETING_TYPES);
  useEffect(() => {
    let cancelled = false;
    api.meetingTypes.list().then(
      (response) => {
        if (cancelled || response.meetingTypes.length === 0) return;
        setTypes(response.meetingTypes.map(({ type, label, convenedFrom }) => ({ type, label, convenedFrom })));
      },
      // The built-in labels and rules serve; the server checks the meeting type anyway.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return types;
}

/** "Initial child protection conference" → "initial child protection conference", keeping acronyms ("ICPC"). */
export function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? `${label[0]?.toLowerCase()}${label.slice(1)}` : label;
}
