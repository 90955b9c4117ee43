import type { ChildRef } from '@roundtable/shared/pathway';
import type { ChildRow } from './children.repository';

export function toChildRef(child: ChildRow): ChildRef {
  return { id: child.id, name: child.name, dateOfBirth: child.dateOfBirth, caseSystemId: child.caseSystemId };
}
