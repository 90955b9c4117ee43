import type { AdminUser } from '@roundtable/shared/admin';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMember, buildUser } from '../../test/factories';
import { api } from '../api';
import { MemberRow } from '../room/MemberRow';
import { inviteeAccessText } from './inviteeAccess';
import { OrganisationEditor } from './OrganisationEditor';
import { organisationAndAgency } from './organisation';

afterEach(() => {
  vi.restoreAllMocks();
});

function renderRow(member: ReturnType<typeof buildMember>) {
  render(
    <table>
      <tbody>
        <MemberRow
          member={member}
          isMe={false}
          canManage={false}
          busy={false}
          onChangeRole={vi.fn()}
          onRemove={vi.fn()}
        />
      </tbody>
    </table>,
  );
  return document.querySelector(`tr[data-member-id="${member.userId}"]`) as HTMLElement;
}

describe('organisations and invitees', () => {
  it('names the organisation beside the agency, or the agency alone', () => {
    expect(organisationAndAgency({ agency: 'health', organisation: 'Testshire NHS Foundation Trust' })).toBe(
      'Testshire NHS Foundation Trust (Health)',
    );
    expect(organisationAndAgency({ agency: 'police', organisation: null })).toBe('Police');
  });

  it('says when an invitee’s access ends, or ended', () => {
    const now = new Date('2026-03-04T12:00:00Z');
    expect(inviteeAccessText(null, now)).toBe('Invited for this meeting — access ends a set time after it concludes');
    expect(inviteeAccessText('2026-03-05T13:00:00Z', now)).toBe(
      'Invited for this meeting — access ends 5 March 2026 at 1pm',
    );
    expect(inviteeAccessText('2026-03-03T13:00:00Z', now)).toBe(
      'Invited for this meeting — access ended 3 March 2026 at 1pm',
    );
  });

  it('shows a member’s organisation and, for an invitee, when access ends', () => {
    const gp = buildMember({
      displayName: 'Dr Gill GP',
      agency: 'health',
      organisation: 'Testshire Surgery',
      invitee: true,
      accessEndsAt: null,
    });
    const row = renderRow(gp);
    expect(row).toHaveTextContent('Testshire Surgery (Health)');
    expect(row).toHaveTextContent('Invited for this meeting — access ends a set time after it concludes');
    const member = renderRow(buildMember({ displayName: 'Pat Police' }));
    expect(member).not.toHaveTextContent('Invited for this meeting');
  });

  it('lets an administrator set an organisation, and refuses one that is too long', async () => {
    const user = {
      ...buildUser({ displayName: 'Priya Police', agency: 'police' }),
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      disabledAt: null,
      activeSessions: 0,
      teamManager: false,
    } satisfies AdminUser;
    const changed = { ...user, organisation: 'Testshire Police' };
    const set = vi.spyOn(api.admin.users, 'setOrganisation').mockResolvedValue(changed);
    const onChanged = vi.fn();
    render(<OrganisationEditor user={user} onChanged={onChanged} />);
    const ui = userEvent.setup();
    await ui.click(screen.getByText('Change organisation'));
    const input = screen.getByLabelText('Organisation of Priya Police');
    await ui.type(input, 'x'.repeat(121));
    await ui.click(screen.getByRole('button', { name: 'Save organisation' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Organisation must be 120 characters or fewer');
    expect(set).not.toHaveBeenCalled();

    await ui.clear(input);
    await ui.type(input, 'Testshire Police');
    await ui.click(screen.getByRole('button', { name: 'Save organisation' }));
    expect(set).toHaveBeenCalledWith(user.id, 'Testshire Police');
    expect(onChanged).toHaveBeenCalledWith(changed);
  });
});
