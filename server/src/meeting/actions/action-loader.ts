import type { ActionResponse } from '@roundtable/shared/actions';
import { type EntityManager, type FindOptionsWhere, In } from 'typeorm';
import { loadPeople } from '../../identity';
import { ActionChangeEntity } from './action-change.entity';
import { ActionEntity } from './action.entity';
import { toActionResponse } from './action.mapper';

/** Loads actions with their history as responses, soonest due first, in a few queries. */
export async function loadActionResponses(
  manager: EntityManager,
  where: FindOptionsWhere<ActionEntity>,
): Promise<ActionResponse[]> {
  const actions = await manager.find(ActionEntity, { where, order: { dueAt: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  if (actions.length === 0) return [];
  const history = await manager.find(ActionChangeEntity, {
    where: { actionId: In(actions.map((a) => a.id)) },
    order: { changedAt: 'ASC', id: 'ASC' },
  });
  const people = await loadPeople(manager, [
    ...actions.flatMap((a) => [a.ownerUserId, a.createdBy]),
    ...history.map((c) => c.changedBy),
  ]);
  return actions.map((a) =>
    toActionResponse(
      a,
      history.filter((c) => c.actionId === a.id),
      people,
    ),
  );
}
