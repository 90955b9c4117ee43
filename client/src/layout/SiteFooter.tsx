/** Footer with the handling marking for everything shown in the service. */
export function SiteFooter() {
  return (
    <footer className="rt-footer">
      <div className="govuk-width-container">
        <p className="govuk-body-s govuk-!-margin-bottom-2">
          <strong>OFFICIAL-SENSITIVE.</strong> Strategy discussion records contain personal information about children
          and families. Share them only with people who have a safeguarding role, under your agency’s information
          sharing policy.
        </p>
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          Roundtable – multi-agency strategy discussions (England).
        </p>
      </div>
    </footer>
  );
}
