import type { FamilySection } from '@roundtable/shared/family-view';

/** Family-facing sections as plain paragraphs; a withheld paragraph is shown as the sentence that replaces it. */
export function FamilySections({
  sections,
  headingLevel = 3,
}: {
  sections: readonly FamilySection[];
  headingLevel?: 2 | 3;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <>
      {sections.map((section) => (
        <section key={section.key} aria-labelledby={`family-section-${section.key}`} data-section-key={section.key}>
          <Heading className="govuk-heading-m" id={`family-section-${section.key}`}>
            {section.title}
          </Heading>
          {section.paragraphs.length === 0 && <p className="govuk-body">Nothing has been written here yet.</p>}
          {section.paragraphs.map((p, index) =>
            p.withheld ? (
              <div className="govuk-inset-text" key={index}>
                {p.text}
              </div>
            ) : (
              <p className={`govuk-body${p.heading ? ' govuk-!-font-weight-bold' : ''}`} key={index}>
                {p.listItem ? `• ${p.text}` : p.text}
              </p>
            ),
          )}
        </section>
      ))}
    </>
  );
}
