/**
 * The signed-in member's home page: their meetings by status, their open
 * actions with those past due marked, and the children whose pathway
 * timescales are overdue.
 */
import { z } from 'zod';
import { MyActionSchema } from './actions';
import { ChildRefSchema, PathwayClockSchema } from './pathway';
import { MeetingSummarySchema } from './schemas';

export const DashboardActionSchema = MyActionSchema.extend({
  /** Past its due time when the dashboard was built. */
  overdue: z.boolean(),
});
export type DashboardAction = z.infer<typeof DashboardActionSchema>;

/** A child with pathway clocks past their due day (issue 17 item 4), the longest overdue first. */
export const DashboardOverdueChildSchema = z.object({
  child: ChildRefSchema,
  overdueClocks: z.array(PathwayClockSchema),
});
export type DashboardOverdueChild = z.infer<typeof DashboardOverdueChildSchema>;

/** GET /api/dashboard. Scheduled and live soonest first; concluded most recent first. */
export const DashboardResponseSchema = z.object({
  generatedAt: z.string(),
  meetings: z.object({
    scheduled: z.array(MeetingSummarySchema),
    live: z.array(MeetingSummarySchema),
    concluded: z.array(MeetingSummarySchema),
  }),
  /** Open actions the member owns, soonest due first. */
  actions: z.array(DashboardActionSchema),
  overdueActionCount: z.number().int().nonnegative(),
  /**
   * Children whose whole record the member sees (their lead child protection
   * practitioner, a chair of a meeting about them, or a team manager of that
   * LCPP) with an overdue pathway clock; the longest overdue first.
   */
  overdueChildren: z.array(DashboardOverdueChildSchema),
});
export type DashboardResponse = z.infer<typeof DashboardResponseSchema>;
