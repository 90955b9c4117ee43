import { Injectable } from '@nestjs/common';
import { familyPlanDocumentName } from '@roundtable/shared/fgdm';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { FamilyPlanConnections } from '../../meeting';
import { CollabConnectionsService } from './collab-connections.service';

/** The meeting area's FamilyPlanConnections, served by this process's collab connections. */
@Injectable()
export class CollabFamilyPlanConnections extends FamilyPlanConnections {
  constructor(private readonly connections: CollabConnectionsService) {
    super();
  }

  endFamilyEditing(meetingId: string): void {
    this.connections.closeFamilyConnections(
      familyPlanDocumentName(meetingId),
      CLOSE_CODES.accessRevoked,
      'The family group decision-making meeting has closed: the plan can no longer be changed',
    );
  }
}
