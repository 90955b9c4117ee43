import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DashboardOverdueChild } from '@roundtable/shared/dashboard';
import type { CaseloadEntry, CaseloadResponse, PathwayClock } from '@roundtable/shared/pathway';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../platform';
import { ChildPathwayService } from '../plans/child-pathway.service';
import { type CaseloadRow, CaseloadRepository } from './caseload.repository';
import { toChildRef } from './children.mapper';
import { ChildrenRepository } from './children.repository';

type PathwaySummary = Awaited<ReturnType<ChildPathwayService['summary']>>;

/** The clock still running that falls due first, if any. */
export function nextRunningClock(clocks: readonly PathwayClock[]): PathwayClock | null {
  const running = clocks.filter((c) => c.status === 'running' && c.dueAt !== null);
  running.sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!));
  return running[0] ?? null;
}

function toCaseloadEntry(row: CaseloadRow, summary: PathwaySummary | undefined): CaseloadEntry {
  const plan = summary?.plan ?? null;
  const clocks = summary?.clocks ?? [];
  return {
    child: { id: row.id, name: row.name, dateOfBirth: row.dateOfBirth, caseSystemId: row.caseSystemId },
    lcpp:
      row.lcppUserId && row.lcppDisplayName && row.lcppAgency
        ? { userId: row.lcppUserId, displayName: row.lcppDisplayName, agency: row.lcppAgency }
        : null,
    stage: summary?.stage ?? 'strategy-discussion',
    // The categories the child is on a plan under now; none once the plan has ended.
    categories: plan?.status === 'active' ? plan.latestCategories : [],
    nextMeeting:
      row.nextMeetingId && row.nextMeetingReference && row.nextMeetingType && row.nextMeetingScheduledAt
        ? {
            id: row.nextMeetingId,
            reference: row.nextMeetingReference,
            type: row.nextMeetingType,
            scheduledAt: row.nextMeetingScheduledAt.toISOString(),
            status: row.nextMeetingStatus ?? 'scheduled',
          }
        : null,
    openActions: row.openActions,
    overdueActions: row.overdueActions,
    overdueClocks: clocks.filter((c) => c.status === 'overdue'),
    nextClock: nextRunningClock(clocks),
    openDissent: row.openDissent,
    openEscalations: row.openEscalations,
  };
}

/**
 * The MACPT caseload (GET /api/caseload): a team manager's team — every child
 * whose LCPP is in their organisation, or is them — or an LCPP's own
 * children. Anyone else has an empty caseload. What needs attention first:
 * children with something overdue, then by name.
 */
@Injectable()
export class CaseloadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly caseload: CaseloadRepository,
    private readonly children: ChildrenRepository,
    private readonly pathway: ChildPathwayService,
  ) {}

  async forUser(user: AuthenticatedUser): Promise<CaseloadResponse> {
    const tx = this.dataSource.manager;
    const scope = (await this.caseload.isTeamManager(tx, user.id)) ? 'team' : 'lcpp';
    const rows = await this.caseload.findCaseload(tx, user.id, scope);
    if (rows.length === 0) return { scope, entries: [] };
    const summaries = await this.pathway.summaries(rows.map((r) => r.id));
    const entries = rows.map((row) => toCaseloadEntry(row, summaries.get(row.id)));
    const overdue = (e: CaseloadEntry) => (e.overdueClocks.length > 0 || e.overdueActions > 0 ? 0 : 1);
    // Stable: children with the same urgency keep the repository's order (by name).
    entries.sort((a, b) => overdue(a) - overdue(b));
    return { scope, entries };
  }

  /**
   * For the dashboard: the children whose whole record the user sees (their
   * LCPP, a chair of a meeting about them, a team manager of that LCPP: the
   * child page's scope 'all') with a pathway clock overdue now. The longest
   * overdue first; each child's overdue clocks soonest due first.
   */
  async overdueChildren(userId: string, now: Date = new Date()): Promise<DashboardOverdueChild[]> {
    const children = await this.children.findSeenWhole(this.dataSource.manager, userId);
    if (children.length === 0) return [];
    const summaries = await this.pathway.summaries(
      children.map((c) => c.id),
      now,
    );
    const dueMs = (clock: PathwayClock) => Date.parse(clock.dueAt ?? '');
    const overdue = children
      .map((child) => ({
        child: toChildRef(child),
        overdueClocks: (summaries.get(child.id)?.clocks ?? [])
          .filter((c) => c.status === 'overdue')
          .sort((a, b) => dueMs(a) - dueMs(b)),
      }))
      .filter((entry) => entry.overdueClocks.length > 0);
    // Stable: children overdue since the same moment keep the repository's order (by name).
    return overdue.sort((a, b) => dueMs(a.overdueClocks[0]!) - dueMs(b.overdueClocks[0]!));
  }
}
