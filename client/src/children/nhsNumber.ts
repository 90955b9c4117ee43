/**
 * An NHS number as people read it, in groups of 3, 3 and 4 ("943 476 5919");
 * anything that is not ten digits is shown as it came.
 */
export function formatNhsNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits;
}
