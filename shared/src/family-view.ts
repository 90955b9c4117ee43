/**
 * What a signed-in family member sees of their meeting (docs/FAMILY.md):
 * only family-facing content, their own contributions, the reports shared
 * with the parents, attendance and the safety plan they sign.
 */
export {};
