/**
 * The signed-in member's home page: their strategy discussions by status and
 * their open actions, with those past due marked.
 */
import { z } from 'zod';
import { MyActionSchema } from './actions';
import { MeetingSummarySchema } from './schemas';

export const DashboardActionSchema = MyActionSchema.extend({
  /** Past its due time when the dashboard was built. */
  overdue: z.boolean(),
});
export type DashboardAction = z.infer<typeof DashboardActionSchema>;

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
});
export type DashboardResponse = z.infer<typeof DashboardResponseSchema>;
