import { DEFAULT_DECISION_TEMPLATES, type DecisionTemplate } from '@roundtable/shared/decisions';
import { useEffect, useState } from 'react';
import { api } from '../api';

/**
 * The deployment's decision templates (`GET /api/decision-templates`), fetched
 * only when `wanted` (the chair). Until they arrive, or if they cannot be
 * fetched, the built-in section 47 template, which the server also defaults to.
 */
export function useDecisionTemplates(wanted: boolean): readonly DecisionTemplate[] {
  const [templates, setTemplates] = useState<readonly DecisionTemplate[]>(DEFAULT_DECISION_TEMPLATES);
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    api.decisionTemplates.list().then(
      (response) => {
        if (!cancelled && response.templates.length > 0) setTemplates(response.templates);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [wanted]);
  return templates;
}
