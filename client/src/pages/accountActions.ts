import type { AdminUser } from '@roundtable/shared/admin';
import { api } from '../api';

/** What an administrator can do to another account from the accounts table. */
export type AccountAction =
  'disable' | 'enable' | 'end-sessions' | 'allow-chair' | 'remove-chair' | 'make-team-manager' | 'remove-team-manager';

/** The actions that give or take away a permission (no step-up needed). */
export type PermissionAction = Extract<
  AccountAction,
  'allow-chair' | 'remove-chair' | 'make-team-manager' | 'remove-team-manager'
>;

export const ACTION_TEXT: Record<
  AccountAction,
  { button: string; confirm: (name: string) => string; warning: string }
> = {
  disable: {
    button: 'Disable account',
    confirm: (name) => `Disable ${name}’s account?`,
    warning:
      'They will be signed out everywhere at once, including any meeting they have open, and cannot sign in until the account is enabled again.',
  },
  'end-sessions': {
    button: 'End sessions',
    confirm: (name) => `End all of ${name}’s sessions?`,
    warning:
      'They will be signed out everywhere at once, including any meeting they have open. They can sign in again.',
  },
  enable: {
    button: 'Enable account',
    confirm: (name) => `Enable ${name}’s account?`,
    warning: 'They will be able to sign in again with their password.',
  },
  'allow-chair': {
    button: 'Allow to chair',
    confirm: (name) => `Allow ${name} to convene and chair strategy discussions?`,
    warning:
      'They will be able to create strategy discussions, be made chair, and start and conclude the discussions they chair. Give this only to team managers and child protection chairs.',
  },
  'remove-chair': {
    button: 'Stop chairing',
    confirm: (name) => `Stop ${name} convening and chairing strategy discussions?`,
    warning:
      'They will no longer be able to create strategy discussions or be made chair. Where they chair a discussion now, they cannot start or conclude it: make someone else chair.',
  },
  'make-team-manager': {
    button: 'Make team manager',
    confirm: (name) => `Make ${name} a team manager?`,
    warning:
      'They will see the caseload of every child whose lead child protection practitioner is in their organisation, and can name a lead child protection practitioner in it.',
  },
  'remove-team-manager': {
    button: 'Stop being team manager',
    confirm: (name) => `Stop ${name} being a team manager?`,
    warning:
      'Their caseload will show only the children they lead themselves, and they can no longer name a lead child protection practitioner as a team manager.',
  },
};

/** Giving something (re-enabling, a permission) is a plain button; anything else is a warning button. */
export const isWarningAction = (action: AccountAction): boolean =>
  !['enable', 'allow-chair', 'make-team-manager'].includes(action);

export const isPermissionAction = (action: AccountAction): action is PermissionAction =>
  ['allow-chair', 'remove-chair', 'make-team-manager', 'remove-team-manager'].includes(action);

/** Each permission's action for an account: give it, or take it away. Never for an auditor. */
export function permissionActionsFor(user: AdminUser): PermissionAction[] {
  if (user.isAuditor) return [];
  return [
    user.canChair ? 'remove-chair' : 'allow-chair',
    user.teamManager ? 'remove-team-manager' : 'make-team-manager',
  ];
}

/** Gives or takes away the permission; answers what the account can do now, for the success banner. */
export async function changePermission(user: AdminUser, action: PermissionAction): Promise<string> {
  if (action === 'allow-chair' || action === 'remove-chair') {
    const changed = await api.admin.users.setChairPermission(user.id, action === 'allow-chair');
    return changed.canChair
      ? `${user.displayName} can now convene and chair strategy discussions.`
      : `${user.displayName} can no longer convene or chair strategy discussions.`;
  }
  const changed = await api.admin.users.setTeamManager(user.id, action === 'make-team-manager');
  return changed.teamManager
    ? `${user.displayName} is now a team manager.`
    : `${user.displayName} is no longer a team manager.`;
}
