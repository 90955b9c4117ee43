import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { documentName } from '@roundtable/shared/realtime';
import { templateFor } from '@roundtable/shared/templates';
import type { DataSource } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { DocumentTemplatesService, MeetingsService } from '../../meeting';
import { PeopleRepository } from '../../identity';
import { type AttributedUpdate, authoredBlocks, replayWithAuthorship } from './document-history';
import { DocumentRepository } from './document.repository';

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
      details: { via: 'record-history', at: at.toISOString(), reason: query.reason },
    });

    const updates = await this.updatesUpTo(name, at);
    const { doc, authorship } = replayWithAuthorship(updates);
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
      const authors = sections.flatMap((s) => s.blocks.flatMap((b) => b.runs.map((r) => r.authorUserId)));
      const people = await this.people.load(this.dataSource.manager, authors);
      return {
        meetingId,
        at: at.toISOString(),
        updatesApplied: updates.length,
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
      };
    } finally {
      doc.destroy();
    }
  }

  /**
   * The stored updates up to `at`, oldest first. A log compacted by an older
   * version (rows deleted) starts from its snapshot, whose authors are unknown.
   */
  private async updatesUpTo(name: string, at: Date): Promise<AttributedUpdate[]> {
    // One snapshot: a compaction committing meanwhile cannot make the two reads disagree.
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const rows = await this.documents.findUpdatesUpTo(tx, name, at);
      const legacy = await this.documents.findLegacySnapshot(tx, name);
      const base: AttributedUpdate[] = legacy ? [{ userId: null, update: legacy }] : [];
      return [...base, ...rows];
    });
  }
}
