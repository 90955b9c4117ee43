import {
  type AudienceMember,
  type CompartmentView,
  isInAudience,
  type OpenCompartment,
  type WithheldCompartment,
  withheldNotice,
} from '@roundtable/shared/need-to-know';
import type { CompartmentRecord } from './compartment.repository';

/** The compartment as its audience sees it. */
export function toOpenCompartment(record: CompartmentRecord): OpenCompartment {
  return {
    access: 'open',
    id: record.id,
    meetingId: record.meetingId,
    sectionKey: record.sectionKey,
    documentKind: record.documentKind,
    ownerAgency: record.ownerAgency,
    audience: record.audience,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    revision: record.revision,
  };
}

/** The compartment as everyone outside its audience sees it: where it is and the notice; never its author. */
export function toWithheldCompartment(record: CompartmentRecord): WithheldCompartment {
  if (record.audience === null) throw new Error('a lifted compartment is never withheld');
  return {
    access: 'withheld',
    id: record.id,
    meetingId: record.meetingId,
    sectionKey: record.sectionKey,
    documentKind: record.documentKind,
    notice: withheldNotice(record.audience),
    revision: record.revision,
  };
}

/** The compartment as one reader may see it. */
export function compartmentViewFor(record: CompartmentRecord, reader: AudienceMember): CompartmentView {
  return isInAudience(reader, record.audience) ? toOpenCompartment(record) : toWithheldCompartment(record);
}
