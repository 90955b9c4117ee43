/** The one answer for a meeting that does not exist and a meeting the caller is not a member of (existence does not leak). */
export const MEETING_NOT_FOUND = 'No strategy discussion with that id was found among your meetings';
