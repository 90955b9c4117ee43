/**
 * Family group decision-making (DOMAIN-PATHWAY §5, docs/FAMILY.md): the
 * coordinator's stages, private family time, the family plan, bottom lines,
 * the professionals' response and the family network support package.
 */
export {};
