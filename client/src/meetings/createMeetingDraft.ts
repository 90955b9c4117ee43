import { LIMITS, type MeetingFormat } from '@roundtable/shared/constants';
import type { CreateMeetingRequest, MeetingSummary } from '@roundtable/shared/schemas';
import {
  emptyChild,
  idForChildField,
  isBlank,
  pickedChild,
  prefixErrors,
  toChildInput,
  type ChildDraft,
} from '../children/childDraft';
import { londonLocalToIso } from '../dates';
import type { FieldErrors } from '../forms/fieldErrors';
import type { MeetingTypeChoice } from './useMeetingTypes';

/** The create form's fields in page order: the error summary lists errors in this order. */
export const FIELD_ORDER = ['type', 'precededByMeetingId', 'reason', 'scheduledAt', 'format', 'reference', 'children'];

/** Maps an error path (`children.1.nhsNumber`) to the id of the input the summary links to. */
export function idForPath(path: string, children: readonly ChildDraft[]): string | undefined {
  const child = /^children\.(\d+)(?:\.(\w+))?/.exec(path);
  if (child) {
    const index = Number(child[1]);
    return idForChildField(`children-${index}`, children[index], child[2]);
  }
  if (path === 'children') return idForChildField('children-0', children[0], undefined);
  return FIELD_ORDER.includes(path) ? path : undefined;
}

/** Builds the request and the errors only the browser can spot (date parts, the datetime input, a child not picked). */
export function buildRequest(draft: {
  type: MeetingTypeChoice;
  precededByMeetingId: string;
  reference: string;
  reason: string;
  scheduledAt: string;
  format: MeetingFormat;
  children: ChildDraft[];
}): { body: CreateMeetingRequest; errors: FieldErrors } {
  let errors: FieldErrors = {};
  let scheduledAt = '';
  if (draft.scheduledAt.trim() === '') errors.scheduledAt = 'Enter the date and time of the meeting';
  else {
    const iso = londonLocalToIso(draft.scheduledAt);
    if (iso) scheduledAt = iso;
    else errors.scheduledAt = 'Date and time must be a real date and time';
  }
  if (draft.type.type === 'icpc' && draft.precededByMeetingId === '')
    errors.precededByMeetingId = 'Select the strategy discussion this conference follows';
  const picked = new Set<string>();
  const children = draft.children.map((child, index) => {
    const { input, errors: childErrors } = toChildInput(child);
    if (child.picked && child.mode === 'existing') {
      if (picked.has(child.picked.id)) childErrors.childId = `${child.picked.name} is already listed as a child above`;
      picked.add(child.picked.id);
    }
    errors = { ...errors, ...prefixErrors(`children.${index}`, childErrors) };
    return input;
  });
  const reference = draft.reference.trim();
  return {
    body: {
      ...(reference ? { reference } : {}),
      reason: draft.reason,
      scheduledAt,
      format: draft.format,
      type: draft.type.type,
      ...(draft.type.convenedFrom !== 'nothing' && draft.precededByMeetingId
        ? { precededByMeetingId: draft.precededByMeetingId }
        : {}),
      children,
    },
    errors,
  };
}

/** The children of the meeting a new one follows, as existing children, keeping what the user already entered. */
export function withChildrenOf(meeting: MeetingSummary, drafts: readonly ChildDraft[]): ChildDraft[] {
  const kept = drafts.filter((draft) => !isBlank(draft));
  const known = new Set(kept.flatMap((draft) => (draft.mode === 'existing' && draft.picked ? [draft.picked.id] : [])));
  const added = meeting.children
    .filter((child) => !known.has(child.childId))
    .map((child) =>
      pickedChild({ id: child.childId, name: child.name, dateOfBirth: child.dateOfBirth, caseSystemId: null }),
    );
  const next = [...kept, ...added].slice(0, LIMITS.childrenPerMeetingMax);
  return next.length > 0 ? next : [emptyChild()];
}
