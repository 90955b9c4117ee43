/**
 * The meeting room's one polite live region for decisions and actions.
 * Rendered from the start (empty), so screen readers are watching it before
 * the first change arrives; `announcementKey` replaces the text node, so the
 * same words said twice are read twice. Test hook: `[data-testid=live-announcer]`.
 */
export function LiveAnnouncer({ text, announcementKey }: { text: string; announcementKey: number }) {
  return (
    <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      <span key={announcementKey}>{text}</span>
    </div>
  );
}
