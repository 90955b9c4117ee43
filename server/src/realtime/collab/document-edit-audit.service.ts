import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import { parseFamilyPlanDocumentName } from '@roundtable/shared/fgdm';
import { parseCollabDocumentName } from '@roundtable/shared/realtime';
import { type AuditEventInput, AuditService } from '../../audit';
import { APP_CONFIG, type AppConfig, describeError } from '../../platform';
import type { SectionEdit } from './section-edits';

/** Who edited: a user, or a family member (not a user: their entries have no actor, docs/FAMILY.md). */
export type EditActor = { userId: string; agency: Agency } | { familyParticipantId: string };

interface Tally {
  documentName: string;
  actor: EditActor;
  section: string;
  added: number;
  removed: number;
  transactions: number;
  firstAt: string;
  lastAt: string;
}

/**
 * Turns applied document updates into "document edited" audit entries: per
 * user and record section, characters added and removed, batched over
 * AUDIT_EDIT_WINDOW_MS. Counts only; the text stays in the document. The
 * update log itself (durable before anyone sees an edit) keeps the exact
 * attributed changes; these entries are the auditor's summary of them.
 */
@Injectable()
export class DocumentEditAudit implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DocumentEditAudit');
  private pending = new Map<string, Tally>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timer = setInterval(() => void this.flush(), config.auditEditWindowMs);
    this.timer.unref();
  }

  /** Adds one applied transaction's edits by `userId` to the current window. */
  note(documentName: string, actor: EditActor, edits: ReadonlyMap<string, SectionEdit>): void {
    const now = new Date().toISOString();
    for (const [section, edit] of edits) {
      const key = tallyKey(documentName, actor, section);
      const tally = this.pending.get(key) ?? {
        documentName,
        actor,
        section,
        added: 0,
        removed: 0,
        transactions: 0,
        firstAt: now,
        lastAt: now,
      };
      tally.added += edit.added;
      tally.removed += edit.removed;
      tally.transactions++;
      tally.lastAt = now;
      this.pending.set(key, tally);
    }
  }

  /** Writes the current window's entries (one per user and section). Serialised. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  /** Writes what is pending while the database is still open (the registry flushes again after its last updates). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /**
   * The window's entries are asked for together, so they share the audit
   * trail's transactions (`recordAlone`): one chain lock and one commit for
   * the window, not one each (a thousand typists made a thousand). One that
   * fails is kept for the next window; the others are written.
   */
  private async writePending(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const written = await Promise.allSettled(batch.map((tally) => this.audit.recordAlone(editedEntry(tally))));
    written.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') return;
      const tally = batch[i] as Tally;
      // The edits themselves are stored; only this summary is late. Edits noted since join it.
      this.logger.error({ document: tally.documentName, err: describeError(outcome.reason) }, 'could not audit edits');
      const key = tallyKey(tally.documentName, tally.actor, tally.section);
      const since = this.pending.get(key);
      this.pending.set(key, since ? joined(tally, since) : tally);
    });
  }
}

/** One tally of the edits of `earlier` and then `later` (same person, document and section). */
function joined(earlier: Tally, later: Tally): Tally {
  return {
    ...later,
    added: earlier.added + later.added,
    removed: earlier.removed + later.removed,
    transactions: earlier.transactions + later.transactions,
    firstAt: earlier.firstAt,
  };
}

/** The "document edited" entry of a tally. */
function editedEntry(tally: Tally): AuditEventInput {
  const family = 'familyParticipantId' in tally.actor ? tally.actor.familyParticipantId : null;
  return {
    type: 'document.edited',
    actor: 'userId' in tally.actor ? tally.actor : null,
    meetingId:
      (parseCollabDocumentName(tally.documentName) ?? parseFamilyPlanDocumentName(tally.documentName))?.meetingId ??
      null,
    subject: family ? { type: 'family-participant', id: family } : { type: 'document', id: tally.documentName },
    details: {
      ...(family ? { document: tally.documentName } : {}),
      section: tally.section,
      charactersAdded: tally.added,
      charactersRemoved: tally.removed,
      transactions: tally.transactions,
      firstAt: tally.firstAt,
      lastAt: tally.lastAt,
    },
  };
}

function tallyKey(documentName: string, actor: EditActor, section: string): string {
  const who = 'userId' in actor ? actor.userId : `family:${actor.familyParticipantId}`;
  return `${documentName}\u0000${who}\u0000${section}`;
}
