import type { AgendaState } from '@roundtable/shared/agenda';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { canMoveAgenda } from '@roundtable/shared/permissions';
import type { TemplateSection } from '@roundtable/shared/templates';
import { useEffect, useRef, useState } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';

interface AgendaBarProps {
  agenda: AgendaState | null;
  /** The record's sections, in order (the meeting's own template). */
  sections: readonly TemplateSection[];
  role: MeetingRole;
  status: MeetingStatus;
  send: SendChange;
}

/** What a screen reader hears when the discussion moves (not on arrival: only a move is news). */
export function agendaAnnouncement(agenda: AgendaState, sections: readonly TemplateSection[]): string {
  const section = sections.find((s) => s.key === agenda.sectionKey);
  return section ? `Now discussing: ${section.title}` : 'The chair ended the discussion of the current section';
}

/**
 * The agenda: "Now discussing: Information shared by each agency" for
 * everyone (the section is also highlighted in the record), and for the
 * chair the control that moves the room to another section. A move is
 * announced politely to screen readers. Test hooks: `[data-testid=agenda]`
 * with `data-section`, `[data-testid=agenda-announcer]`.
 */
export function AgendaBar({ agenda, sections, role, status, send }: AgendaBarProps) {
  const current = sections.find((s) => s.key === agenda?.sectionKey) ?? null;
  const index = current ? sections.indexOf(current) : -1;
  const next = sections[index + 1] ?? null;
  const mayMove = canMoveAgenda(role, status);
  const [choice, setChoice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Announce moves after the first state we saw (arriving in a room is not news).
  const [announcement, setAnnouncement] = useState({ text: '', key: 0 });
  const seenRevision = useRef<number | null>(null);
  useEffect(() => {
    if (!agenda) return;
    if (seenRevision.current !== null && agenda.revision > seenRevision.current) {
      const text = agendaAnnouncement(agenda, sections);
      setAnnouncement((previous) => ({ text, key: previous.key + 1 }));
    }
    seenRevision.current = Math.max(seenRevision.current ?? 0, agenda.revision);
  }, [agenda, sections]);

  const move = async (sectionKey: string | null) => {
    setBusy(true);
    setProblem(null);
    const response = await send('agenda:set', { meetingId: agenda?.meetingId ?? '', sectionKey });
    setBusy(false);
    if (!response.ok) setProblem(response.error.message);
  };

  if (!agenda) return null;
  return (
    <section
      className={`rt-agenda${current ? ' rt-agenda--active' : ''}`}
      aria-labelledby="agenda-heading"
      data-testid="agenda"
      data-section={agenda.sectionKey ?? ''}
    >
      <h2 className="govuk-visually-hidden" id="agenda-heading">
        Agenda
      </h2>
      <p className="govuk-body rt-agenda__now" data-testid="agenda-now">
        {current ? (
          <>
            <span className="rt-agenda__label">Now discussing:</span>{' '}
            <a className="govuk-link" href={`#section-${current.key}-title`}>
              {current.title}
            </a>
            {sections.length > 1 && (
              <span className="rt-agenda__position">
                {' '}
                (section {index + 1} of {sections.length})
              </span>
            )}
          </>
        ) : mayMove ? (
          'Choose the section of the record the discussion is on, so everyone can follow.'
        ) : (
          'The chair has not chosen a section of the record to discuss yet.'
        )}
      </p>
      {mayMove && (
        <form
          className="rt-inline-form rt-agenda__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (choice) void move(choice === 'none' ? null : choice);
            else setProblem('Choose the section to move the discussion to');
          }}
        >
          <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="agenda-section">
              Move the discussion to
            </label>
            {problem && (
              <p className="govuk-error-message" id="agenda-section-error">
                <span className="govuk-visually-hidden">Error:</span> {problem}
              </p>
            )}
            <select
              className={`govuk-select${problem ? ' govuk-select--error' : ''}`}
              id="agenda-section"
              value={choice}
              aria-describedby={problem ? 'agenda-section-error' : undefined}
              onChange={(event) => setChoice(event.target.value)}
            >
              <option value="">Choose a section</option>
              {sections.map((section) => (
                <option key={section.key} value={section.key}>
                  {section.title}
                </option>
              ))}
              {current && <option value="none">No section (between items)</option>}
            </select>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>
            Move the discussion
          </button>
          {next && (
            <button type="button" className="govuk-button" disabled={busy} onClick={() => void move(next.key)}>
              Next section<span className="govuk-visually-hidden">: {next.title}</span>
            </button>
          )}
          {!current && sections[0] && (
            <button type="button" className="govuk-button" disabled={busy} onClick={() => void move(sections[0]!.key)}>
              Start with {sections[0].title}
            </button>
          )}
        </form>
      )}
      <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="agenda-announcer">
        <span key={announcement.key}>{announcement.text}</span>
      </div>
    </section>
  );
}
