import type { SafetyScoreResponse } from '@roundtable/shared/safety-plan';
import { type People, personOf } from '../../identity';
import type { SafetyPlanScoreEntity } from './safety-plan-score.entity';

export function toSafetyScoreResponse(row: SafetyPlanScoreEntity, people: People): SafetyScoreResponse {
  return {
    id: row.id,
    agency: row.agency,
    score: row.score,
    previousScore: row.previousScore,
    note: row.note,
    recordedBy: personOf(people, row.recordedBy),
    recordedAt: row.recordedAt.toISOString(),
  };
}
