import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A child a decision is about (one of its meeting's children). Append-only. */
@Entity('decision_children')
export class DecisionChildEntity {
  @PrimaryColumn({ name: 'decision_id', type: 'uuid' })
  decisionId: string;

  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId: string;

  /** Order in which the chair listed the children. */
  @Column({ type: 'int' })
  position: number;
}
