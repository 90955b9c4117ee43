import { z } from 'zod';

/** The PostgreSQL channel every server LISTENs on for access changes made by other processes (the admin CLI). */
export const ACCESS_NOTIFY_CHANNEL = 'roundtable_access';

/**
 * The access changes that travel through PostgreSQL: the ones another process
 * (the admin CLI, another instance) can make to accounts and sessions. Ids only.
 */
export const AccessNotificationSchema = z.object({
  v: z.literal(1),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('close-user'), userId: z.uuid() }),
    z.object({ kind: z.literal('close-session'), sessionId: z.uuid() }),
  ]),
});
export type AccessNotification = z.infer<typeof AccessNotificationSchema>;
export type NotifiedAccessChange = AccessNotification['change'];

/** Parses a NOTIFY payload; null if it is not one of ours. */
export function parseAccessNotification(payload: string | undefined): NotifiedAccessChange | null {
  if (!payload) return null;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = AccessNotificationSchema.safeParse(json);
  return parsed.success ? parsed.data.change : null;
}
