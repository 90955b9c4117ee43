import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SubjectItem, SubjectItemKind, SubjectKind } from '@roundtable/shared/subject-access';
import { templateFor } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../platform';
import { LiveDocuments } from '../live-documents';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import {
  DOCUMENTS,
  documentItems,
  type DocumentsSnapshot,
  LIVE_LABEL,
  sealedSnapshot,
  sectionText,
} from './subject-documents';
import {
  type AddendumRow,
  type AgencyReportRow,
  type AuditRow,
  type MeetingRow,
  type MeetingSourceWhere,
  type ProtectedPersonRow,
  type SafetyScoreRow,
  type SharingDecisionRow,
  type SignatureRow,
  SubjectSourcesRepository,
} from './subject-sources.repository';

/** Whom a request is about, as stored. */
export type SubjectRef =
  | { kind: 'child'; childId: string }
  | { kind: 'family-member'; email: string }
  | { kind: 'professional'; userId: string };

export interface AssembledSubject {
  kind: SubjectKind;
  name: string;
  items: SubjectItem[];
}

export const SUBJECT_NOT_FOUND: Record<SubjectKind, string> = {
  child: 'No child record has this id',
  'family-member': 'No family member was ever invited with this email address',
  professional: 'No professional’s account has this id',
};

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** "Label: value" lines, leaving out empty values: the text a redaction's span counts in. */
export function lines(fields: [string, string | number | null | undefined][]): string {
  return fields
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** A plan version's JSON content as readable lines (keys as labels, nested objects indented). */
export function contentText(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return `${indent}${String(value)}`;
  if (Array.isArray(value)) return value.map((v) => contentText(v, `${indent}- `)).join('\n');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) =>
      v !== null && typeof v === 'object'
        ? `${indent}${k}:\n${contentText(v, `${indent}  `)}`
        : `${indent}${k}: ${String(v)}`,
    )
    .join('\n');
}

/**
 * The SHA-256 of the items (hex), as the reviewer signs them off: export
 * assembles again and refuses if anything changed since (a new view, an
 * edited action), so nothing unreviewed can reach the bundle.
 */
export function contentSha256(items: readonly SubjectItem[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex');
}

/**
 * Assembles everything held about one person (docs/SUBJECT-ACCESS.md "What
 * is held about a person"): SQL in SubjectSourcesRepository, the items'
 * shapes here. Items are in a fixed order (kind groups, then meeting and
 * time), so the same database gives the same items and the same hash.
 */
@Injectable()
export class SubjectAssembler {
  constructor(
    private readonly sources: SubjectSourcesRepository,
    private readonly documents: LiveDocuments,
    private readonly templates: DocumentTemplatesService,
  ) {}

  /** Everything held about the subject; audit entries up to `auditUpToSeq` (the trail's head when the request opened). */
  async assemble(tx: EntityManager, subject: SubjectRef, auditUpToSeq: number): Promise<AssembledSubject> {
    switch (subject.kind) {
      case 'child':
        return this.child(tx, subject.childId, auditUpToSeq);
      case 'family-member':
        return this.familyMember(tx, subject.email, auditUpToSeq);
      case 'professional':
        return this.professional(tx, subject.userId, auditUpToSeq);
    }
  }

  private async child(tx: EntityManager, childId: string, auditUpToSeq: number): Promise<AssembledSubject> {
    const child = await this.sources.child(tx, childId);
    if (!child) throw new DomainError('NotFound', SUBJECT_NOT_FOUND.child);
    const items = new ItemList();
    items.add(
      'child-record',
      child.id,
      null,
      iso(child.created_at),
      'Child record',
      lines([
        ['Name', child.name],
        ['Date of birth', child.date_of_birth],
        ['Case system id', child.case_system_id],
        ['NHS number', child.nhs_number],
      ]),
    );
    for (const m of await this.sources.householdMembers(tx, child.household_id)) {
      if (m.name === child.name) continue;
      items.add(
        'household-member',
        `${m.household_id}/${m.position}`,
        null,
        null,
        'Household member',
        lines([
          ['Name', m.name],
          ['Relationship', m.relationship],
          ['Parental responsibility', yesNo(m.parental_responsibility)],
        ]),
        'third-party',
      );
    }
    const { meetings, meetingChildIds } = await this.sources.meetingsOfChild(tx, childId);
    const ids = meetings.map((m) => m.id);
    items.meetings = meetings;
    for (const m of meetings) {
      items.add(
        'meeting',
        m.id,
        m.id,
        iso(m.scheduled_at),
        `Meeting ${m.reference}`,
        lines([
          ['Reference', m.reference],
          ['Type', m.meeting_type],
          ['Scheduled', iso(m.scheduled_at)],
          ['Status', m.status],
          ['Why it was convened', m.reason],
        ]),
      );
    }
    const decisions = await this.sources.decisionsAboutChild(tx, ids, meetingChildIds);
    for (const d of decisions) {
      items.add(
        'decision',
        d.id,
        d.meeting_id,
        iso(d.opened_at),
        `Decision: ${d.title}`,
        lines([
          ['Question', d.question],
          ['Status', d.status],
        ]),
      );
    }
    await this.decisionParts(tx, items, { decisionIds: decisions.map((d) => d.id) });
    for (const a of await this.sources.actionsAboutChild(tx, ids, meetingChildIds)) this.action(items, a);
    for (const o of await this.sources.conferenceOutcomes(tx, childId)) {
      items.add(
        'conference-outcome',
        o.id,
        o.meeting_id,
        iso(o.recorded_at),
        'Conference outcome',
        lines([
          ['Outcome', o.outcome],
          ['Categories', o.categories.join(', ')],
          ['Step down', o.step_down],
          ['Route', o.route],
          ['Reasons', o.reasons],
        ]),
      );
    }
    for (const v of await this.sources.planVersions(tx, childId)) {
      items.add(
        'plan',
        `${v.plan_id}/${v.version}`,
        v.meeting_id,
        iso(v.changed_at),
        `Child protection plan, version ${v.version}`,
        `Status: ${v.status}\n${contentText(v.content)}`,
      );
    }
    for (const f of await this.sources.familyViewsInMeetings(tx, ids)) {
      items.add('family-view', f.id, f.meeting_id, iso(f.at), 'A family member’s view', f.text);
    }
    await this.meetingTexts(tx, items, { meetingIds: ids }, null);
    await this.recordSections(tx, items, meetings, null);
    this.signatures(items, await this.sources.safetyPlanSignatures(tx, { meetingIds: ids }));
    this.safetyScores(items, await this.sources.safetyScores(tx, { meetingIds: ids }), null);
    this.addenda(items, await this.sources.addenda(tx, { meetingIds: ids }), null);
    this.protectedPersons(items, await this.sources.protectedPersons(tx, { meetingIds: ids }), null);
    this.audit(items, await this.sources.auditEntries(tx, 'child', [childId], null, auditUpToSeq));
    return { kind: 'child', name: child.name, items: items.list() };
  }

  private async familyMember(tx: EntityManager, email: string, auditUpToSeq: number): Promise<AssembledSubject> {
    const participants = await this.sources.familyParticipants(tx, email);
    const latest = participants.at(-1);
    if (!latest) throw new DomainError('NotFound', SUBJECT_NOT_FOUND['family-member']);
    const items = new ItemList();
    items.meetings = await this.sources.meetings(tx, [...new Set(participants.map((p) => p.meeting_id))]);
    items.add('account', `family:${email}`, null, null, 'Email address', lines([['Email', email]]));
    for (const p of participants) {
      items.add(
        'family-invitation',
        p.id,
        p.meeting_id,
        iso(p.invited_at),
        'Invitation to the meeting',
        lines([
          ['Name', p.display_name],
          ['Relationship', p.relationship],
          ['Invited', iso(p.invited_at)],
          ['Access ends', iso(p.access_ends_at)],
          ['Access revoked', iso(p.revoked_at)],
        ]),
      );
    }
    const ids = participants.map((p) => p.id);
    for (const a of await this.sources.familyAttendance(tx, ids)) {
      items.add(
        'family-attendance',
        `${a.meeting_id}/${a.participant_id}`,
        a.meeting_id,
        iso(a.recorded_at),
        'Attendance',
        lines([
          ['Status', a.status],
          ['Reason', a.reason],
          ['Interpreter', a.interpreter_language],
          ['Advocate', a.advocate_name],
          ['Advocate’s organisation', a.advocate_organisation],
        ]),
      );
    }
    for (const f of await this.sources.familyViewsBy(tx, ids)) {
      items.add('family-view', f.id, f.meeting_id, iso(f.at), 'Your view', f.text);
    }
    for (const f of await this.sources.familyPlansBy(tx, ids)) {
      items.add('family-plan', f.id, f.meeting_id, iso(f.at), `Family plan, version ${f.version ?? 1}`, f.text);
    }
    const names = [...new Set(participants.map((p) => p.display_name))];
    const meetingIds = items.meetings.map((m) => m.id);
    await this.meetingTexts(tx, items, { meetingIds }, names);
    await this.recordSections(tx, items, items.meetings, names);
    this.signatures(items, await this.sources.safetyPlanSignatures(tx, { participantIds: ids }));
    this.safetyScores(items, await this.sources.safetyScores(tx, { meetingIds }), names);
    this.addenda(items, await this.sources.addenda(tx, { meetingIds }), names);
    this.protectedPersons(items, await this.sources.protectedPersons(tx, { meetingIds }), names);
    await this.emails(tx, items, email);
    this.audit(items, await this.sources.auditEntries(tx, 'family-participant', ids, null, auditUpToSeq));
    return { kind: 'family-member', name: latest.display_name, items: items.list() };
  }

  private async professional(tx: EntityManager, userId: string, auditUpToSeq: number): Promise<AssembledSubject> {
    const user = await this.sources.user(tx, userId);
    if (!user) throw new DomainError('NotFound', SUBJECT_NOT_FOUND.professional);
    const items = new ItemList();
    const memberships = await this.sources.memberships(tx, userId);
    items.meetings = await this.sources.meetings(
      tx,
      memberships.map((m) => m.meeting_id),
    );
    items.add(
      'account',
      user.id,
      null,
      iso(user.created_at),
      'Account',
      lines([
        ['Name', user.display_name],
        ['Email', user.email],
        ['Job title', user.job_title],
        ['Agency', user.agency],
        ['Organisation', user.organisation],
        ['Administrator', yesNo(user.is_admin)],
        ['Auditor', yesNo(user.is_auditor)],
        ['Created', iso(user.created_at)],
        ['Disabled', iso(user.disabled_at)],
      ]),
    );
    for (const m of memberships) {
      items.add(
        'membership',
        `${m.meeting_id}/${userId}`,
        m.meeting_id,
        iso(m.added_at),
        'Member of the meeting',
        lines([
          ['Role', m.role],
          ['Added', iso(m.added_at)],
        ]),
      );
    }
    for (const a of await this.sources.attendance(tx, userId)) {
      items.add(
        'attendance',
        a.id,
        a.meeting_id,
        iso(a.joined_at),
        'In the meeting',
        lines([
          ['Joined', iso(a.joined_at)],
          ['Left', iso(a.left_at)],
        ]),
      );
    }
    for (const a of await this.sources.apologies(tx, userId)) {
      items.add('apology', a.id, a.meeting_id, iso(a.recorded_at), 'Apology', lines([['Reason', a.reason]]));
    }
    await this.decisionParts(tx, items, { recordedBy: userId });
    for (const a of await this.sources.actionsOwnedBy(tx, userId)) this.action(items, a);
    const meetingIds = items.meetings.map((m) => m.id);
    const names = [user.display_name];
    // Theirs by id (wherever they were), then those of their meetings naming them.
    await this.meetingTexts(tx, items, { userId }, null);
    await this.meetingTexts(tx, items, { meetingIds }, names);
    await this.recordSections(
      tx,
      items,
      items.meetings,
      names,
      new Set(await this.sources.compartmentsCreatedBy(tx, userId)),
    );
    this.safetyScores(items, await this.sources.safetyScores(tx, { userId }), null);
    this.safetyScores(items, await this.sources.safetyScores(tx, { meetingIds }), names);
    this.addenda(items, await this.sources.addenda(tx, { userId }), null);
    this.addenda(items, await this.sources.addenda(tx, { meetingIds }), names);
    this.protectedPersons(items, await this.sources.protectedPersons(tx, { userId }), null);
    this.protectedPersons(items, await this.sources.protectedPersons(tx, { meetingIds }), names);
    await this.emails(tx, items, user.email);
    await items.loadMeetings(tx, this.sources);
    this.audit(items, await this.sources.auditEntries(tx, 'user', [userId], userId, auditUpToSeq));
    return { kind: 'professional', name: user.display_name, items: items.list() };
  }

  private async decisionParts(
    tx: EntityManager,
    items: ItemList,
    where: { decisionIds?: string[]; recordedBy?: string },
  ): Promise<void> {
    for (const v of await this.sources.viewsOf(tx, where)) {
      items.add(
        'agency-view',
        v.id,
        v.meeting_id,
        iso(v.recorded_at),
        `Agency view (${v.agency}) on: ${v.decision_title}`,
        lines([
          ['Agency', v.agency],
          ['Harm', v.harm],
          ['Recommended', v.recommended_option],
          ['Reasons', v.reasons],
          ['Key information', v.key_information],
          ['Conditions', v.conditions],
        ]),
      );
    }
    for (const l of await this.sources.laDecisionsOf(tx, where)) {
      items.add(
        'la-decision',
        l.id,
        l.meeting_id,
        iso(l.recorded_at),
        `Local authority decision on: ${l.decision_title}`,
        lines([
          ['Chosen', l.chosen_options.join(', ')],
          ['Reasons', l.reasons],
          ['Protective actions', l.protective_actions.join(', ')],
          ['Protective action details', l.protective_action_details],
          ['Correction reason', l.correction_reason],
        ]),
      );
    }
  }

  private action(items: ItemList, a: Awaited<ReturnType<SubjectSourcesRepository['actionsOwnedBy']>>[number]): void {
    items.add(
      'action',
      a.id,
      a.meeting_id,
      iso(a.created_at),
      'Action',
      lines([
        ['Action', a.description],
        ['Owner’s agency', a.owner_agency],
        ['Due', iso(a.due_at)],
        ['Status', a.status],
        ['Status note', a.status_note],
      ]),
    );
  }

  /**
   * Conference agency reports and information sharing decisions: with `names` null every row `where`
   * selects; with names only rows whose text holds one of them (as record sections). An item already
   * added (found by id first) is not added twice.
   */
  private async meetingTexts(
    tx: EntityManager,
    items: ItemList,
    where: MeetingSourceWhere,
    names: string[] | null,
  ): Promise<void> {
    const wanted = nameMatcher(names);
    for (const r of await this.sources.agencyReports(tx, where)) this.agencyReport(items, r, wanted);
    for (const s of await this.sources.sharingDecisions(tx, where)) this.sharingDecision(items, s, wanted);
    for (const b of await this.sources.bottomLines(tx, where)) {
      if (!wanted(b.text)) continue;
      items.add(
        'fgdm-bottom-line',
        b.id,
        b.meeting_id,
        iso(b.added_at),
        'Bottom line',
        lines([['Bottom line', b.text]]),
      );
    }
    for (const i of await this.sources.supportItems(tx, where)) {
      const text = lines([
        ['Who', i.who],
        ['Support', i.support],
        ['Cost (pence)', i.cost_pence],
        ['How often', i.frequency],
        ['Approved', yesNo(i.approved)],
        ['Withdrawn', iso(i.withdrawn_at)],
        ['Why withdrawn', i.withdrawal_reason],
      ]);
      if (!wanted(text)) continue;
      items.add('fgdm-support-item', i.id, i.meeting_id, iso(i.added_at), 'Support item', text);
    }
  }

  /** Emails in the outbox to the person's address: when, to which address, the subject line; never the body. */
  private async emails(tx: EntityManager, items: ItemList, address: string): Promise<void> {
    for (const e of await this.sources.emailsTo(tx, address)) {
      items.add(
        'email',
        e.id,
        null,
        iso(e.created_at),
        'Email sent to you',
        lines([
          ['To', e.to_address],
          ['Subject', e.subject],
          ['Queued', iso(e.created_at)],
          ['Sent', iso(e.sent_at)],
        ]),
      );
    }
  }

  private agencyReport(items: ItemList, r: AgencyReportRow, wanted: (text: string) => boolean): void {
    const text = lines([
      ['Agency', r.agency],
      ['Written by', r.author_name],
      ['Submitted', iso(r.submitted_at)],
      ['Shared with the parents', r.shared_at ? iso(r.shared_at) : yesNo(r.shared_with_parents)],
      ['Why not shared', r.not_shared_reason],
      ['Report', r.text],
    ]);
    if (!wanted(text)) return;
    items.add('agency-report', r.id, r.meeting_id, iso(r.submitted_at), `Agency report (${r.agency})`, text);
  }

  private sharingDecision(items: ItemList, s: SharingDecisionRow, wanted: (text: string) => boolean): void {
    const text = lines([
      ['Outcome', s.outcome],
      ['What', s.what],
      ['With whom', s.with_whom],
      ['Lawful basis', s.lawful_basis],
      ['Reason', s.reason],
      ['Decided by', `${s.decided_by_name} (${s.decided_agency})`],
    ]);
    if (!wanted(text)) return;
    items.add('sharing-decision', s.id, s.meeting_id, iso(s.decided_at), 'Information sharing decision', text);
  }

  /**
   * Protected persons (need to know: someone whose identity only some may know). For a child every one
   * of their meetings, suggested `third-party` (it identifies someone else); for anyone else those whose
   * name is one of theirs (they are the protected person) and, for a professional, those they added.
   */
  private protectedPersons(items: ItemList, rows: ProtectedPersonRow[], names: string[] | null): void {
    const wanted = nameMatcher(names);
    for (const p of rows) {
      if (!wanted(p.name)) continue;
      items.add(
        'protected-person',
        p.id,
        p.meeting_id,
        iso(p.added_at),
        `Protected person: ${p.label}`,
        lines([
          ['Role', p.role],
          ['Label', p.label],
          ['Name', p.name],
          ['Restricted by', p.owner_agency],
          ['Who may know', p.audience?.kind ?? 'everyone in the meeting'],
        ]),
        names === null ? 'third-party' : null,
      );
    }
  }

  /** Addenda to sealed records: every one with `names` null, else those whose text holds one of the names. */
  private addenda(items: ItemList, rows: AddendumRow[], names: string[] | null): void {
    const wanted = nameMatcher(names);
    for (const a of rows) {
      const text = lines([
        ['Section', a.section_key],
        ['Added by', a.added_by_name],
        ['Added', iso(a.added_at)],
        ['Signed off by', a.signed_off_by_name],
        ['Signed off', iso(a.signed_off_at)],
        ['Addendum', a.text],
      ]);
      if (!wanted(text)) continue;
      items.add('addendum', a.id, a.meeting_id, iso(a.added_at), `Addendum to the record: ${a.section_key}`, text);
    }
  }

  /**
   * The meetings' record and safety plan sections and the restricted compartments beside them: from
   * every sealed version (its complete export) and, for a meeting with no sealed complete export (not
   * concluded, concluded and not yet sealed, or sealed without a JSON export), from its live documents,
   * with an FGDM family's draft plan. Every one for a child of the meeting; for anyone else only those
   * whose text holds one of their names (case-insensitive) — the only reliable way to find a person in
   * free text, and it misses nicknames — and, for a professional, the compartments they created
   * (`ownCompartments`). A compartment keeps its need-to-know meaning: its item says whose it is and
   * suggests the owning agency's exemption for the reviewer to decide.
   *
   * The same text in several sealed versions (a document is read-only once concluded, so a later
   * version usually repeats every section) is listed once, keyed by the first version holding it, its
   * title naming every version that holds it: the reviewer reads and redacts it once. Text that differs
   * between versions is listed once per distinct text.
   */
  private async recordSections(
    tx: EntityManager,
    items: ItemList,
    meetings: MeetingRow[],
    names: string[] | null,
    ownCompartments: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const exports = await this.sources.completeExports(
      tx,
      meetings.map((m) => m.id),
    );
    const sealed = new Set(exports.map((e) => e.meeting_id));
    const snapshots = exports.map(sealedSnapshot).filter((s): s is DocumentsSnapshot => s !== null);
    const unsealed = meetings.filter((m) => !sealed.has(m.id));
    snapshots.push(...(await this.liveSnapshots(tx, unsealed)));
    const wanted = nameMatcher(names);
    for (const d of documentItems(snapshots, wanted, ownCompartments)) {
      items.add(d.kind, d.sourceId, d.meetingId, null, d.title, d.text, d.suggested);
    }
    for (const m of unsealed.filter((u) => u.meeting_type === 'fgdm')) {
      const text = sectionText({ blocks: await this.documents.familyPlanBlocks(m.id) });
      if (text.trim() === '' || !wanted(text)) continue;
      items.add('family-plan', `${m.id}/live`, m.id, null, `Family’s draft plan (${LIVE_LABEL})`, text);
    }
  }

  /** The live record, safety plan and compartments of meetings with no sealed version, in template order. */
  private async liveSnapshots(tx: EntityManager, meetings: MeetingRow[]): Promise<DocumentsSnapshot[]> {
    const compartments = await this.sources.compartments(
      tx,
      meetings.map((m) => m.id),
    );
    const snapshots: DocumentsSnapshot[] = [];
    for (const m of meetings) {
      const templates = await this.templates.forMeeting(tx, m.id);
      const snapshot: DocumentsSnapshot = { meetingId: m.id, version: null, sections: [], compartments: [] };
      const titles = new Map<string, string>();
      for (const [documentKind, kind, document] of DOCUMENTS) {
        const template = templateFor(templates, documentKind);
        for (const section of await this.documents.sections(m.id, documentKind, template)) {
          titles.set(`${documentKind}/${section.key}`, section.title);
          snapshot.sections.push({
            kind,
            document,
            key: section.key,
            title: section.title,
            text: sectionText(section),
          });
        }
      }
      for (const c of compartments.filter((row) => row.meeting_id === m.id)) {
        snapshot.compartments.push({
          id: c.id,
          document: c.document_kind === 'safety-plan' ? 'Safety plan' : 'Record',
          sectionTitle: titles.get(`${c.document_kind}/${c.section_key}`) ?? c.section_key,
          ownerAgency: c.owner_agency,
          audience: c.audience?.kind ?? 'the owning agency',
          text: sectionText({ blocks: await this.documents.compartmentBlocks(m.id, c.id) }),
        });
      }
      snapshots.push(snapshot);
    }
    return snapshots;
  }

  /** Family members' signatures of safety plans: the name they were invited under and typed, when, the text's hash. */
  private signatures(items: ItemList, rows: SignatureRow[]): void {
    for (const s of rows) {
      items.add(
        'safety-plan-signature',
        s.id,
        s.meeting_id,
        iso(s.signed_at),
        'Safety plan signature',
        lines([
          ['Signed by', s.invited_as],
          ['Name typed', s.typed_name],
          ['Signed', iso(s.signed_at)],
          ['Safety plan text signed (SHA-256)', s.version_hash],
        ]),
      );
    }
  }

  /** Safety scaling scores (0–10, each agency's; a superseded score is kept): every row, or those naming the person in the note. */
  private safetyScores(items: ItemList, rows: SafetyScoreRow[], names: string[] | null): void {
    const wanted = nameMatcher(names);
    for (const s of rows) {
      const text = lines([
        ['Agency', s.agency],
        ['Score (0–10)', s.score],
        ['Previous score', s.previous_score],
        ['Note', s.note],
        ['Recorded by', s.recorded_by_name],
        ['Recorded', iso(s.recorded_at)],
        ['Superseded by a later score', yesNo(s.superseded)],
      ]);
      if (!wanted(text)) continue;
      items.add('safety-score', s.id, s.meeting_id, iso(s.recorded_at), `Safety scaling score (${s.agency})`, text);
    }
  }

  /** Audit entries as event codes and times only: the trail's details never reach a bundle. */
  private audit(items: ItemList, rows: AuditRow[]): void {
    for (const r of [...rows].reverse()) {
      items.add(
        'audit-entry',
        r.seq,
        r.meeting_id,
        iso(r.occurred_at),
        `Audit entry ${r.seq}`,
        lines([
          ['Event', r.type],
          ['Outcome', r.outcome],
        ]),
      );
    }
  }
}

/** Free text holding one of the names (case-insensitive, three characters or more); `null`: everything. */
function nameMatcher(names: string[] | null): (text: string) => boolean {
  if (names === null) return () => true;
  const wanted = names.map((n) => n.toLowerCase()).filter((n) => n.length >= 3);
  return (text) => wanted.some((n) => text.toLowerCase().includes(n));
}

/** Items as they are added (each key once: the first finding wins), each with its meeting's reference. */
class ItemList {
  meetings: MeetingRow[] = [];
  private readonly items: SubjectItem[] = [];
  private readonly keys = new Set<string>();

  /** Loads the meetings items refer to that are not loaded yet (a professional's addendum to a meeting they were not a member of). */
  async loadMeetings(tx: EntityManager, sources: SubjectSourcesRepository): Promise<void> {
    const known = new Set(this.meetings.map((m) => m.id));
    const missing = [
      ...new Set(this.items.map((i) => i.meetingId).filter((id): id is string => !!id && !known.has(id))),
    ];
    if (missing.length > 0) this.meetings = [...this.meetings, ...(await sources.meetings(tx, missing))];
  }

  add(
    kind: SubjectItemKind,
    sourceId: string,
    meetingId: string | null,
    at: string | null,
    title: string,
    text: string,
    suggested: SubjectItem['suggested'] = null,
  ): void {
    const key = `${kind}:${sourceId}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.items.push({
      key,
      kind,
      meetingId,
      meetingReference: null,
      at,
      title,
      text,
      suggested,
    });
  }

  list(): SubjectItem[] {
    const references = new Map(this.meetings.map((m) => [m.id, m.reference]));
    return this.items.map((item) => ({
      ...item,
      meetingReference: item.meetingId ? (references.get(item.meetingId) ?? null) : null,
    }));
  }
}
