import { AGENCIES } from '@roundtable/shared/constants';
import type { SafetyPlanScoresResponse, SafetyScoreResponse } from '@roundtable/shared/safety-plan';
import { type People, personOf } from '../../identity';
import type { SafetyPlanScoreEntity } from './safety-plan-score.entity';

/** Every score of a meeting, newest first, and the people who recorded them. */
export interface SafetyPlanScores {
  scores: SafetyPlanScoreEntity[];
  people: People;
}

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

/** Each agency's current score (the one no later score supersedes), in agency order, and the full history. */
export function toSafetyPlanScoresResponse(
  meetingId: string,
  { scores, people }: SafetyPlanScores,
): SafetyPlanScoresResponse {
  const superseded = new Set(scores.map((r) => r.supersedesId));
  const current = scores
    .filter((r) => !superseded.has(r.id))
    .sort((a, b) => AGENCIES.indexOf(a.agency) - AGENCIES.indexOf(b.agency));
  return {
    meetingId,
    current: current.map((r) => toSafetyScoreResponse(r, people)),
    history: scores.map((r) => toSafetyScoreResponse(r, people)),
  };
}
