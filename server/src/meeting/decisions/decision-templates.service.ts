import { Inject, Injectable } from '@nestjs/common';
import type { DecisionTemplate } from '@roundtable/shared/decisions';
import { APP_CONFIG, type AppConfig } from '../../platform';

/**
 * The decisions a chair can open: the built-in section 47 threshold decision,
 * or the deployment's own (DECISION_TEMPLATES_FILE, validated at boot). An
 * opened decision keeps its own copy, so changing these never alters it.
 */
@Injectable()
export class DecisionTemplatesService {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'decisionTemplates'>) {}

  list(): DecisionTemplate[] {
    return [...this.config.decisionTemplates];
  }

  find(key: string): DecisionTemplate | undefined {
    return this.config.decisionTemplates.find((t) => t.key === key);
  }
}
