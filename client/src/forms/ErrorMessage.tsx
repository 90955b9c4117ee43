/** GOV.UK inline error message; its id is what the field's aria-describedby points at. */
export function ErrorMessage({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

/** Joins the ids that describe a field, skipping absent ones. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return list.length > 0 ? list.join(' ') : undefined;
}
