import type { Addenda } from './useAddenda';
import { AddendumItem } from './AddendumItem';

/** Addenda to one section, shown under that section of the read-only record. Test hook: `[data-section-addenda=<key>]`. */
export function SectionAddenda({
  sectionKey,
  addenda,
  canSignOff,
}: {
  sectionKey: string;
  addenda: Addenda;
  canSignOff: boolean;
}) {
  const own = addenda.bySection(sectionKey);
  if (own.length === 0) return null;
  return (
    <div data-section-addenda={sectionKey}>
      {own.map((addendum) => (
        <AddendumItem key={addendum.id} addendum={addendum} canSignOff={canSignOff} onChange={addenda.replace} />
      ))}
    </div>
  );
}
