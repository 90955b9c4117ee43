import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ChildRecord,
  SetHouseholdRequestSchema,
  SetLcppRequest,
  UpdateChildRequestSchema,
} from '@roundtable/shared/pathway';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { z } from 'zod';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { IndependentChairRule } from '../conferences/independent-chair';
import { CHILD_NOT_FOUND, childRecordScope, mayChangeChildRecord } from './child-access';
import { ChildPageService } from './child-page.service';
import { type ChildIdentityChange, type ChildReaderFacts, ChildrenRepository } from './children.repository';

type UpdateChild = z.output<typeof UpdateChildRequestSchema>;
type SetHousehold = z.output<typeof SetHouseholdRequestSchema>;

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

const IDENTIFIER_IN_USE = {
  caseSystemId: 'Another child’s record already has that case-system ID: check it, or open that child’s record',
  nhsNumber: 'Another child’s record already has that NHS number: check it, or open that child’s record',
} as const;

const NOT_ALLOWED =
  'Only the chair of a meeting about this child or their lead child protection practitioner can change their record';

/**
 * Corrections to a child's record: identity (PATCH), household (PUT
 * …/household) and the lead child protection practitioner (PUT …/lcpp).
 * Each is audited with ids and field names only, in its own transaction,
 * and answers with the child's page as the caller now sees it.
 */
@Injectable()
export class ChildIdentityService {
  private readonly logger = new Logger(ChildIdentityService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly children: ChildrenRepository,
    private readonly audit: AuditService,
    private readonly pages: ChildPageService,
    private readonly independentChair: IndependentChairRule,
  ) {}

  /** Corrects name, date of birth or identifiers; an identifier on another child's record is a Conflict. */
  async update(childId: string, actor: AuthenticatedUser, input: UpdateChild): Promise<ChildRecord> {
    const change: ChildIdentityChange = input;
    try {
      await this.dataSource.transaction(async (tx) => {
        await this.requireEditor(tx, childId, actor);
        for (const key of ['caseSystemId', 'nhsNumber'] as const) {
          const value = change[key];
          if (value && (await this.children.findByIdentifier(tx, { [key]: value }, childId))) {
            throw new DomainError('Conflict', IDENTIFIER_IN_USE[key], [{ path: key, message: IDENTIFIER_IN_USE[key] }]);
          }
        }
        await this.children.updateIdentity(tx, childId, change);
        await this.audit.record(tx, {
          type: 'child.updated',
          actor: auditActor(actor),
          subject: { type: 'child', id: childId },
          details: { fields: Object.keys(change).sort() },
        });
      });
    } catch (error) {
      // Two corrections at once can both pass the check above: the unique index answers for the second.
      if (isUniqueViolation(error))
        throw new DomainError('Conflict', 'Another child’s record already has that identifier');
      throw error;
    }
    this.logger.log({ event: 'child-updated', childId, by: actor.id }, 'child record updated');
    return this.pages.get(childId, actor);
  }

  /** Replaces the adults of the child's household (shared with their siblings). */
  async setHousehold(childId: string, actor: AuthenticatedUser, input: SetHousehold): Promise<ChildRecord> {
    await this.dataSource.transaction(async (tx) => {
      const facts = await this.requireEditor(tx, childId, actor);
      await this.children.replaceHousehold(tx, facts.child.householdId, input.members);
      await this.audit.record(tx, {
        type: 'child.household-set',
        actor: auditActor(actor),
        subject: { type: 'child', id: childId },
        details: {
          householdId: facts.child.householdId,
          members: input.members.length,
          parentalResponsibility: input.members.filter((m) => m.parentalResponsibility).length,
        },
      });
    });
    return this.pages.get(childId, actor);
  }

  /**
   * Names (or clears) the child's LCPP: a chair of a meeting about the child,
   * or a team manager who knows of the child naming someone in their own
   * organisation. The LCPP must be an active account that may hold cases,
   * and not the chair of a conference about the child that has not
   * concluded (conference chairs are independent of the case).
   */
  async setLcpp(childId: string, actor: AuthenticatedUser, input: SetLcppRequest): Promise<ChildRecord> {
    await this.dataSource.transaction(async (tx) => {
      const facts = await this.requireKnown(tx, childId, actor);
      const candidate = input.userId ? await this.children.findLcppCandidate(tx, input.userId) : null;
      if (input.userId && (!candidate?.active || candidate.isAuditor)) {
        const message = 'No active practitioner account has that id';
        throw new DomainError('ValidationFailed', message, [{ path: 'userId', message }]);
      }
      const asTeamManager =
        facts.readerIsTeamManager &&
        facts.readerOrganisation !== null &&
        candidate !== null &&
        candidate.organisation === facts.readerOrganisation;
      if (!facts.chairsAMeeting && !asTeamManager) {
        throw new DomainError(
          'Forbidden',
          facts.readerIsTeamManager
            ? 'A team manager can name someone in their own organisation as the lead child protection practitioner'
            : 'Only the chair of a meeting about this child or a team manager can name their lead child protection practitioner',
        );
      }
      if (input.userId) await this.independentChair.checkNewLcpp(tx, childId, input.userId);
      await this.children.setLcpp(tx, childId, input.userId);
      await this.audit.record(tx, {
        type: 'child.lcpp-set',
        actor: auditActor(actor),
        subject: { type: 'child', id: childId },
        details: { from: facts.child.lcppUserId, to: input.userId },
      });
    });
    this.logger.log({ event: 'child-lcpp-set', childId, by: actor.id }, 'child LCPP set');
    return this.pages.get(childId, actor);
  }

  /** The reader's facts with the child's row locked; NotFound unless they may know of the child. */
  private async requireKnown(tx: EntityManager, childId: string, actor: AuthenticatedUser): Promise<ChildReaderFacts> {
    const facts = await this.children.findReaderFacts(tx, childId, actor.id, true);
    if (!facts || !childRecordScope(facts)) throw new DomainError('NotFound', CHILD_NOT_FOUND);
    return facts;
  }

  private async requireEditor(tx: EntityManager, childId: string, actor: AuthenticatedUser): Promise<ChildReaderFacts> {
    const facts = await this.requireKnown(tx, childId, actor);
    if (!mayChangeChildRecord(facts)) throw new DomainError('Forbidden', NOT_ALLOWED);
    return facts;
  }
}
