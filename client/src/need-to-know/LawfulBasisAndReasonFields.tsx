import { LAWFUL_BASES, LAWFUL_BASIS_LABELS, type LawfulBasis } from '@roundtable/shared/need-to-know';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';

export const LAWFUL_BASIS_CHOICES = LAWFUL_BASES.map((value) => ({ value, text: LAWFUL_BASIS_LABELS[value] }));

interface LawfulBasisAndReasonFieldsProps {
  /** Ids of the radios and of the textarea (error summary links point at them). */
  ids: { lawfulBasis: string; reason: string };
  lawfulBasis: LawfulBasis | '';
  onLawfulBasisChange: (value: LawfulBasis) => void;
  reason: string;
  onReasonChange: (value: string) => void;
  errors: { lawfulBasis?: string | undefined; reason?: string | undefined };
  basisLegend: string;
  basisHint: string;
  basisLegendClass?: string;
  reasonLabel: string;
  reasonHint?: string;
  reasonLabelClass?: string;
}

/**
 * The two questions every information-sharing decision asks (DOMAIN.md §6
 * golden rule 7): on what lawful basis, and why. One component, so sharing a
 * compartment, recording a decision and widening who may know a protected
 * person ask them the same way.
 */
export function LawfulBasisAndReasonFields(props: LawfulBasisAndReasonFieldsProps) {
  return (
    <>
      <RadiosField
        id={props.ids.lawfulBasis}
        legend={props.basisLegend}
        legendClass={props.basisLegendClass}
        hint={props.basisHint}
        value={props.lawfulBasis}
        options={LAWFUL_BASIS_CHOICES}
        onChange={props.onLawfulBasisChange}
        error={props.errors.lawfulBasis}
        small
      />
      <TextareaField
        id={props.ids.reason}
        name="reason"
        label={props.reasonLabel}
        hint={props.reasonHint}
        value={props.reason}
        onChange={props.onReasonChange}
        error={props.errors.reason}
        rows={3}
        labelClass={props.reasonLabelClass}
      />
    </>
  );
}
