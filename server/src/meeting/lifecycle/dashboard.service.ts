import { Injectable } from '@nestjs/common';
import { isOverdue } from '@roundtable/shared/actions';
import type { DashboardResponse } from '@roundtable/shared/dashboard';
import { ActionsService } from '../actions/actions.service';
import { CaseloadService } from '../children/caseload.service';
import { MeetingsService } from '../meetings/meetings.service';

/**
 * The member's home page: their meetings by status, their open actions with
 * the overdue ones marked, and the children they see in full whose pathway
 * timescales are overdue.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly actions: ActionsService,
    private readonly caseload: CaseloadService,
  ) {}

  async forUser(userId: string, now: Date = new Date()): Promise<DashboardResponse> {
    const meetings = await this.meetings.listForUser(userId);
    const actions = (await this.actions.listOpenForOwner(userId))
      .map((action) => ({ ...action, overdue: isOverdue(action, now) }))
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
    const latestFirst = (a: { concludedAt: string | null }, b: { concludedAt: string | null }) =>
      Date.parse(b.concludedAt ?? '') - Date.parse(a.concludedAt ?? '');
    return {
      generatedAt: now.toISOString(),
      meetings: {
        scheduled: meetings.filter((m) => m.status === 'scheduled'),
        live: meetings.filter((m) => m.status === 'live'),
        concluded: meetings.filter((m) => m.status === 'concluded').sort(latestFirst),
      },
      actions,
      overdueActionCount: actions.filter((a) => a.overdue).length,
      overdueChildren: await this.caseload.overdueChildren(userId, now),
    };
  }
}
