/**
 * Domain vocabulary and limits shared by server and client.
 * Terms follow the domain brief (strategy discussion, agency, meeting role).
 */

/** The agencies a practitioner can belong to. */
export const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'] as const;
export type Agency = (typeof AGENCIES)[number];

/** Labels shown to people; the keys above are what the API and database store. */
export const AGENCY_LABELS: Record<Agency, string> = {
  'childrens-social-care': "Children's social care",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  other: 'Other agency',
};

/** Agencies that must take part in every strategy discussion (a warning when absent, never a block). */
export const MINIMUM_AGENCIES: readonly Agency[] = ['childrens-social-care', 'police', 'health'];

/** A member's role in one meeting. Observers are read-only everywhere; who may do what: `permissions.ts`. */
export const MEETING_ROLES = ['chair', 'participant', 'minute-taker', 'observer'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export const MEETING_ROLE_LABELS: Record<MeetingRole, string> = {
  chair: 'Chair',
  participant: 'Participant',
  'minute-taker': 'Minute taker',
  observer: 'Observer (read only)',
};

/** How a strategy discussion is held (DOMAIN.md §3.3). */
export const MEETING_FORMATS = ['online', 'in-person', 'hybrid', 'phone', 'series-of-calls'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

export const MEETING_FORMAT_LABELS: Record<MeetingFormat, string> = {
  online: 'Online meeting',
  'in-person': 'In person',
  hybrid: 'Hybrid',
  phone: 'Phone call',
  'series-of-calls': 'Series of calls',
};

/**
 * Sections of the strategy discussion record (DOMAIN.md §3.5). Each is a
 * collaborative rich-text field (a Y.XmlFragment named by `key`) in the
 * meeting's record document. Decisions, views and actions are not here: they
 * are server-owned rows, never free text in a CRDT.
 */
export const RECORD_SECTIONS = [
  {
    key: 'reason',
    title: 'Reason for the discussion and immediate action taken',
    hint: 'Why the discussion was convened and any protective action already taken.',
  },
  {
    key: 'agency-information',
    title: 'Information shared by each agency',
    hint: 'Attribute every item to its source. Separate fact, the child’s own words and professional opinion.',
  },
  {
    key: 'analysis',
    title: 'Analysis: risks, strengths and gaps in knowledge',
    hint: 'What the information means for the child’s safety.',
  },
  {
    key: 'decision-rationale',
    title: 'Section 47 decision and rationale',
    hint: 'Whether section 47 enquiries start for each child, single or joint, and who leads.',
  },
  {
    key: 'police-investigation',
    title: 'Police: criminal investigation',
    hint: 'Whether a crime may have been committed, conduct and timing of the investigation, evidence, ABE interviews.',
  },
  {
    key: 'medical',
    title: 'Medical assessment',
    hint: 'Whether a child protection medical is needed, how urgently, who arranges it and who gets consent.',
  },
  {
    key: 'immediate-safety',
    title: 'Immediate safety and legal action',
    hint: 'Safety plan, contact arrangements, and whether legal advice, an EPO or police protection is needed.',
  },
  {
    key: 'family-informed',
    title: 'What the family is told, by whom and when',
    hint: 'Record the reasons if information is withheld from the family.',
  },
  {
    key: 'support-needs',
    title: 'Support needs',
    hint: 'Communication, disability, interpreter, culture.',
  },
  {
    key: 'next-discussion',
    title: 'Next or review discussion',
    hint: 'Date of the next strategy discussion and who receives this record.',
  },
] as const;
export type RecordSectionKey = (typeof RECORD_SECTIONS)[number]['key'];
export const RECORD_SECTION_KEYS: readonly RecordSectionKey[] = RECORD_SECTIONS.map((s) => s.key);

/** Named limits. Schemas, inputs and server caps all read these. */
export const LIMITS = {
  emailMaxLength: 254,
  passwordMinLength: 12,
  passwordMaxLength: 200,
  displayNameMaxLength: 120,
  jobTitleMaxLength: 120,
  /** The organisation within the agency an account belongs to ("Testshire Police"). */
  organisationMaxLength: 120,
  meetingReferenceMaxLength: 40,
  meetingReasonMaxLength: 4000,
  childNameMaxLength: 120,
  childrenPerMeetingMax: 12,
  membersPerMeetingMax: 60,
  /** Largest single WebSocket frame the collab endpoint accepts. */
  collabMaxFrameBytes: 1024 * 1024,
  /** Largest encoded document state the server will keep for one record. */
  collabMaxDocumentBytes: 16 * 1024 * 1024,
  /** Largest awareness (presence) state one client may publish, in bytes of JSON. */
  awarenessMaxStateBytes: 4 * 1024,
  /** Failed sign-ins allowed per address in one throttle window. */
  loginAttemptsPerWindow: 10,
  loginThrottleWindowMs: 60_000,
  decisionQuestionMaxLength: 1000,
  decisionOptionsMax: 20,
  /** Reasons, key information, escalation notes and outcome statements. */
  reasonsMaxLength: 4000,
  conditionsMaxLength: 2000,
  /** An addendum to a concluded record. */
  addendumMaxLength: 4000,
  apologyReasonMaxLength: 1000,
  actionDescriptionMaxLength: 1000,
  actionNoteMaxLength: 2000,
  /** Audit entries per page in the auditor's workspace. */
  auditPageMax: 200,
  /** Longest time range one audit query or export may cover. */
  auditMaxRangeDays: 400,
  /** Most entries one audit export may contain (narrow the filters beyond this). */
  auditExportMaxRows: 100_000,
  auditReasonMaxLength: 500,
  /** How long a collab ticket stays valid; it can be used once. */
  collabTicketTtlMs: 60_000,
  /**
   * Messages one collab connection may send: a token bucket refilled at this
   * rate, holding up to the burst. Typing sends about two a keystroke (update
   * and awareness); the benchmark's writers send about 500 a second each.
   * Over it the connection is closed with 4429.
   */
  collabMessagesPerSecond: 1000,
  collabMessageBurst: 2000,
  /** Events one `/meetings` socket may send (token bucket); over it they are acknowledged RateLimited, not applied. */
  meetingEventsPerSecond: 20,
  meetingEventBurst: 100,
  /** Largest socket.io message (engine.io `maxHttpBufferSize`; over it the connection closes). Valid payloads are ≤ ~20 KB. */
  meetingEventMaxBytes: 256 * 1024,
  /**
   * Open connections one user may have to one server instance, collab
   * WebSockets and `/meetings` sockets together (a browser tab uses up to
   * three). Over it a collab upgrade gets 429 and a socket.io handshake a
   * TooManyConnections connect_error.
   */
  connectionsPerUserMax: 64,
} as const;
