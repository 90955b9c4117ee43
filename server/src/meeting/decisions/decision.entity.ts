import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DecisionOption, DecisionStatus, OptionExclusion } from '@roundtable/shared/decisions';

/**
 * A decision opened in a strategy discussion (DOMAIN.md §3.6, §4): a copy of
 * its template, so later configuration changes never alter it, and its state.
 * A trigger allows only status (forwards), closing and revision to change.
 */
@Entity('decisions')
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ name: 'template_key', type: 'text' })
  templateKey: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  question: string;

  @Column({ type: 'jsonb' })
  options: DecisionOption[];

  @Column({ name: 'protective_action_options', type: 'jsonb' })
  protectiveActionOptions: DecisionOption[];

  /** Options that exclude each other, copied from the template. */
  @Column({ name: 'option_exclusions', type: 'jsonb' })
  optionExclusions: OptionExclusion[];

  /** Protective actions that rely on the family's agreement (a voluntary safety plan), copied from the template. */
  @Column({ name: 'voluntary_safety_plan_actions', type: 'text', array: true })
  voluntarySafetyPlanActions: string[];

  @Column({ type: 'text', default: 'open' })
  status: DecisionStatus;

  @Column({ name: 'opened_by', type: 'uuid' })
  openedBy: string;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  openedAt: Date;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Why the discussion concluded without this decision (status not-reached); free text, never audited. */
  @Column({ name: 'not_reached_reason', type: 'text', nullable: true })
  notReachedReason: string | null;

  @Column({ name: 'not_reached_by', type: 'uuid', nullable: true })
  notReachedBy: string | null;

  @Column({ name: 'not_reached_at', type: 'timestamptz', nullable: true })
  notReachedAt: Date | null;

  /** Increases with every change to the decision or anything recorded against it. */
  @Column({ type: 'int', default: 1 })
  revision: number;
}
