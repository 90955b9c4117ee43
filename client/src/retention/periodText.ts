/** "1 year", "35 years", "90 days", "1 year and 30 days". */
export function periodText(period: { years: number; days: number }): string {
  const parts = [
    period.years > 0 && `${period.years} ${period.years === 1 ? 'year' : 'years'}`,
    period.days > 0 && `${period.days} ${period.days === 1 ? 'day' : 'days'}`,
  ].filter(Boolean);
  return parts.join(' and ');
}
