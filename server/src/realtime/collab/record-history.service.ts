import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { audienceLabel } from '@roundtable/shared/need-to-know';
import { COMPARTMENT_FRAGMENT, compartmentDocumentName, documentName } from '@roundtable/shared/realtime';
import { templateFor } from '@roundtable/shared/templates';
import type { DataSource } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { CompartmentRepository, DocumentTemplatesService, MeetingsService } from '../../meeting';
import { PeopleRepository } from '../../identity';
import { type AttributedUpdate, authoredBlocks, replayWithAuthorship } from './document-history';
import { DocumentIntegrityService } from './document-integrity.service';
import { DocumentRepository, type QuarantineProblem } from './document.repository';

/** A stored change left out of the state shown, with who sent it and why. */
interface SetAside {
  id: string;
  userId: string | null;
  storedAt: Date;
  problem: QuarantineProblem;
}

const NOT_FOUND = 'No strategy discussion with that id was found';

/**
 * The record as it was at any moment, with each passage attributed to the
 * account the server authenticated when that text arrived: a replay of the
 * stored update log (which compaction never deletes).
 */
@Injectable()
export class RecordHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentRepository,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly templates: DocumentTemplatesService,
    private readonly people: PeopleRepository,
    private readonly integrity: DocumentIntegrityService,
    private readonly compartments: CompartmentRepository,
  ) {}

  /**
   * For safeguarding partner reviewers only. Reading content is justified and
   * logged: the reason is kept in the audit trail before anything is returned.
   */
  async recordAt(
    actor: AuthenticatedUser,
    meetingId: string,
    query: { at?: string; reason: string },
  ): Promise<RecordHistoryResponse> {
    if (!actor.isAuditor) {
      throw new DomainError('Forbidden', 'Only safeguarding partner reviewers can read a record’s history');
    }
    // Any meeting, never as a member: only whether it exists.
    if ((await this.meetings.findStatus(meetingId)) === null) throw new DomainError('MeetingNotFound', NOT_FOUND);
    const at = query.at ? new Date(query.at) : new Date();
    const name = documentName(meetingId, 'record');
    await this.audit.recordAlone({
      type: 'document.opened',
      actor: auditActor(actor),
      meetingId,
      subject: { type: 'document', id: name },
      // The restricted compartments beside the record are read too, under the same justification.
      details: { via: 'record-history', at: at.toISOString(), reason: query.reason, withCompartments: true },
    });

    // A log stored before updates were checked on arrival is checked (and repaired) first.
    await this.integrity.ensureChecked(name);
    const { updates, quarantined } = await this.updatesUpTo(name, at);
    const { doc, authorship, skipped } = replayWithAuthorship(updates);
    // Should a row still not apply (a repair racing this read), it is left out and shown as set aside too.
    const setAside: SetAside[] = [
      ...quarantined.map((q) => ({ id: q.id, userId: q.userId, storedAt: q.createdAt, problem: q.problem })),
      ...skipped.map(({ index, problem }) => {
        const row = updates[index] as (typeof updates)[number];
        return { id: row.id, userId: row.userId, storedAt: row.createdAt, problem };
      }),
    ].sort((a, b) => a.storedAt.getTime() - b.storedAt.getTime());
    try {
      // The sections of the meeting's own record template, in its order.
      const { sections: recordSections } = templateFor(
        await this.templates.forMeeting(this.dataSource.manager, meetingId),
        'record',
      );
      const sections = recordSections.map(({ key, title }) => ({
        key,
        title,
        blocks: authoredBlocks(doc.getXmlFragment(key), authorship),
      }));
      const compartments = await this.compartmentsAt(meetingId, at);
      const authors = [...sections, ...compartments].flatMap((s) =>
        s.blocks.flatMap((b) => b.runs.map((r) => r.authorUserId)),
      );
      const people = await this.people.load(this.dataSource.manager, [...authors, ...setAside.map((x) => x.userId)]);
      return {
        meetingId,
        at: at.toISOString(),
        updatesApplied: updates.length - skipped.length,
        setAside: setAside.map((x) => ({
          updateId: x.id,
          storedAt: x.storedAt.toISOString(),
          sentBy: x.userId ? (people.get(x.userId) ?? null) : null,
          problem: x.problem,
        })),
        sections: sections.map((section) => ({
          ...section,
          blocks: section.blocks.map((block) => ({
            type: block.type,
            runs: block.runs.map(({ text, authorUserId }) => ({
              text,
              author: authorUserId ? (people.get(authorUserId) ?? null) : null,
            })),
          })),
        })),
        compartments: compartments.map(({ blocks, ...compartment }) => ({
          ...compartment,
          blocks: blocks.map((block) => ({
            type: block.type,
            runs: block.runs.map(({ text, authorUserId }) => ({
              text,
              author: authorUserId ? (people.get(authorUserId) ?? null) : null,
            })),
          })),
        })),
      };
    } finally {
      doc.destroy();
    }
  }

  /** Each compartment that existed at `at`, its text replayed from its own log up to then, attributed. */
  private async compartmentsAt(meetingId: string, at: Date) {
    const all = await this.compartments.findForMeeting(this.dataSource.manager, meetingId);
    const result = [];
    for (const compartment of all.filter((c) => c.createdAt.getTime() <= at.getTime())) {
      const { updates } = await this.updatesUpTo(compartmentDocumentName(meetingId, compartment.id), at);
      const { doc, authorship } = replayWithAuthorship(updates);
      try {
        result.push({
          id: compartment.id,
          documentKind: compartment.documentKind,
          sectionKey: compartment.sectionKey,
          ownerAgency: compartment.ownerAgency,
          // The audience as it is now (the trail has every change: compartment.shared).
          audience: compartment.audience === null ? null : audienceLabel(compartment.audience),
          createdAt: compartment.createdAt.toISOString(),
          blocks: authoredBlocks(doc.getXmlFragment(COMPARTMENT_FRAGMENT), authorship),
        });
      } finally {
        doc.destroy();
      }
    }
    return result;
  }

  /**
   * The stored updates up to `at`, oldest first. A log compacted by an older
   * version (rows deleted) starts from its snapshot, whose authors are unknown.
   */
  private async updatesUpTo(name: string, at: Date) {
    // One snapshot: a compaction committing meanwhile cannot make the reads disagree.
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const rows = await this.documents.findUpdatesUpTo(tx, name, at);
      const legacy = await this.documents.findLegacySnapshot(tx, name);
      const quarantined = await this.documents.findQuarantined(tx, name, at);
      const base: (AttributedUpdate & { id: string; createdAt: Date })[] = legacy
        ? [{ id: 'snapshot', userId: null, update: legacy, createdAt: new Date(0) }]
        : [];
      return { updates: [...base, ...rows], quarantined };
    });
  }
}
