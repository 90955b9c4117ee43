import type { ChildRef } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';
import { formatDate } from '../dates';
import { describedBy, ErrorMessage } from '../forms/ErrorMessage';
import { findChildren } from './childSearch';

type Search =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'found'; children: ChildRef[] }
  | { status: 'invalid'; message: string }
  | { status: 'failed'; message: string };

/** "Ruby Testcase, born 4 May 2017, case-system ID LA-1001". */
export function describeChild(child: ChildRef): string {
  return [
    child.name,
    child.dateOfBirth ? `born ${formatDate(child.dateOfBirth)}` : null,
    child.caseSystemId ? `case-system ID ${child.caseSystemId}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

interface ChildLookupProps {
  /** The search input's id; results and messages hang off it. */
  id: string;
  /** Names the child in hidden text when a form has several ("child 2"). */
  who?: string;
  query: string;
  onQueryChange: (query: string) => void;
  picked: ChildRef | null;
  onPick: (child: ChildRef | null) => void;
  /** Children that cannot be picked here, with why ("Already in this meeting"). */
  unavailable?: ReadonlyMap<string, string>;
  /** The form's error about this child (not picked yet, refused by the server). */
  error?: string;
}

/**
 * Finds an existing child by case-system ID or NHS number and picks one. It
 * sits inside another form, so its button and the Enter key search without
 * submitting that form. Test hooks: `[data-testid=child-lookup-results] li[data-child-id]`.
 */
export function ChildLookup({ id, who, query, onQueryChange, picked, onPick, unavailable, error }: ChildLookupProps) {
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  const pickedRef = useRef<HTMLParagraphElement>(null);
  const movedFocus = useRef(false);
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  const searchError = search.status === 'invalid' || search.status === 'failed' ? search.message : undefined;
  const searchErrorId = searchError ? `${id}-search-error` : undefined;

  useEffect(() => {
    if (!movedFocus.current) return;
    movedFocus.current = false;
    if (picked) pickedRef.current?.focus();
    else document.getElementById(id)?.focus();
  }, [picked, id]);

  async function runSearch() {
    setSearch({ status: 'searching' });
    try {
      const outcome = await findChildren(query);
      setSearch(
        'invalid' in outcome ? { status: 'invalid', message: outcome.invalid } : { status: 'found', ...outcome },
      );
    } catch (failure) {
      setSearch({ status: 'failed', message: errorMessage(failure) });
    }
  }

  function pick(child: ChildRef | null) {
    movedFocus.current = true;
    onPick(child);
  }

  if (picked)
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`} data-testid="child-picked">
        {error && errorId && <ErrorMessage id={errorId} message={error} />}
        <p className="govuk-body rt-focus-target" tabIndex={-1} ref={pickedRef}>
          Selected{who ? <span className="govuk-visually-hidden"> for {who}</span> : null}:{' '}
          <strong>{describeChild(picked)}</strong>
        </p>
        <button type="button" className="govuk-button govuk-button--secondary" id={id} onClick={() => pick(null)}>
          Choose a different child{who ? <span className="govuk-visually-hidden"> for {who}</span> : null}
        </button>
      </div>
    );

  const fieldError = error ?? searchError;
  return (
    <div className={`govuk-form-group${fieldError ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        Find by case-system ID or NHS number{who ? <span className="govuk-visually-hidden"> ({who})</span> : null}
      </label>
      <div id={hintId} className="govuk-hint">
        For example, LA-1001 or 943 476 5919. Only children in meetings you can see are found.
      </div>
      {error && errorId && <ErrorMessage id={errorId} message={error} />}
      {searchError && searchErrorId && <ErrorMessage id={searchErrorId} message={searchError} />}
      <div className="rt-inline-form">
        <input
          className={`govuk-input govuk-input--width-20${fieldError ? ' govuk-input--error' : ''}`}
          id={id}
          name={`${id}-query`}
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => onQueryChange(event.target.value)}
          onKeyDown={(event) => {
            // Enter searches here; it must not submit the form this lookup sits in.
            if (event.key !== 'Enter') return;
            event.preventDefault();
            void runSearch();
          }}
          aria-describedby={describedBy(hintId, errorId, searchErrorId)}
          aria-invalid={fieldError ? true : undefined}
        />
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => void runSearch()}
          disabled={search.status === 'searching'}
        >
          Find child{who ? <span className="govuk-visually-hidden"> ({who})</span> : null}
        </button>
      </div>
      <div role="status" className="govuk-!-margin-top-2">
        {search.status === 'searching' && <p className="govuk-body">Searching…</p>}
        {search.status === 'found' && (
          <p className="govuk-body">
            {search.children.length === 0
              ? 'No child found. Check the ID or number, or add them as a new child.'
              : search.children.length === 1
                ? '1 child found.'
                : `${search.children.length} children found.`}
          </p>
        )}
      </div>
      {search.status === 'found' && search.children.length > 0 && (
        <ul className="govuk-list" data-testid="child-lookup-results">
          {search.children.map((child) => {
            const reason = unavailable?.get(child.id);
            return (
              <li key={child.id} data-child-id={child.id} className="rt-inline-form govuk-!-margin-bottom-2">
                <span className="govuk-body govuk-!-margin-bottom-0">{describeChild(child)}</span>
                {reason ? (
                  <span className="govuk-body govuk-!-margin-bottom-0 rt-secondary-text">{reason}</span>
                ) : (
                  <button type="button" className="govuk-button govuk-button--secondary" onClick={() => pick(child)}>
                    Select<span className="govuk-visually-hidden"> {child.name}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
