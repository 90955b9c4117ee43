import { Injectable } from '@nestjs/common';
import { familyPlanDocumentName } from '@roundtable/shared/fgdm';
import { FamilyPlanConnections } from '../../meeting';
import { LiveConnectionRegistry } from '../../platform';

/**
 * The meeting area's FamilyPlanConnections: the family's connections to an
 * FGDM's plan close on every instance (the registry's fan-out) when it closes.
 */
@Injectable()
export class CollabFamilyPlanConnections extends FamilyPlanConnections {
  constructor(private readonly registry: LiveConnectionRegistry) {
    super();
  }

  endFamilyEditing(meetingId: string): void {
    this.registry.closeFamilyDocument(familyPlanDocumentName(meetingId));
  }
}
