import { Injectable } from '@nestjs/common';
import { type MeetingChildInput, NewChildSchema } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type ChildRow, ChildrenRepository } from './children.repository';

/**
 * Children's records that outlive meetings (docs/PATHWAY.md "A child's
 * record"). A child is named by id, or recorded new; an identifier already on
 * record is never silently reused, and children are never matched on name alone.
 */
@Injectable()
export class ChildRecordsService {
  constructor(
    private readonly children: ChildrenRepository,
    private readonly audit: AuditService,
  ) {}

  /** The records of the children a meeting is convened about (or a child added to it), inside the caller's transaction. */
  async resolve(
    tx: EntityManager,
    actor: AuthenticatedUser,
    inputs: readonly MeetingChildInput[],
  ): Promise<ChildRow[]> {
    const resolved: ChildRow[] = [];
    for (const input of inputs) {
      const child =
        'childId' in input ? await this.known(tx, actor, input.childId) : await this.record(tx, actor, input);
      if (resolved.some((c) => c.id === child.id))
        throw new DomainError('ValidationFailed', `${child.name} is listed twice`);
      resolved.push(child);
    }
    return resolved;
  }

  private async known(tx: EntityManager, actor: AuthenticatedUser, childId: string): Promise<ChildRow> {
    const child = await this.children.findKnownTo(tx, childId, actor.id);
    // The same answer whether the child does not exist or is not known to the caller: need-to-know.
    if (!child) throw new DomainError('ValidationFailed', 'No child with that id is known to you');
    return child;
  }

  private async record(tx: EntityManager, actor: AuthenticatedUser, raw: MeetingChildInput): Promise<ChildRow> {
    const input = NewChildSchema.parse(raw);
    if (input.caseSystemId || input.nhsNumber) {
      const existing = await this.children.findByIdentifier(tx, input);
      if (existing) {
        const which = existing.caseSystemId === input.caseSystemId ? 'case-system ID' : 'NHS number';
        throw new DomainError(
          'Conflict',
          `A child with that ${which} is already on record: name that child (by their record) instead of adding them again`,
        );
      }
    }
    let householdId: string | null = null;
    if (input.siblingOfChildId) householdId = (await this.known(tx, actor, input.siblingOfChildId)).householdId;
    const child = await this.children.insert(tx, {
      name: input.name,
      dateOfBirth: input.dateOfBirth ?? null,
      caseSystemId: input.caseSystemId ?? null,
      nhsNumber: input.nhsNumber ?? null,
      householdId,
      createdBy: actor.id,
    });
    await this.audit.record(tx, {
      type: 'child.created',
      actor: auditActor(actor),
      subject: { type: 'child', id: child.id },
      details: { caseSystemId: child.caseSystemId !== null, nhsNumber: child.nhsNumber !== null },
    });
    return child;
  }
}
