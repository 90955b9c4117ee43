import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { WitnessesTable } from './WitnessesPanel';

const witness = {
  id: '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91',
  name: 'police.example-witness',
  agency: 'police' as const,
  keyId: '1a2b3c4d',
  verifierKey: 'police.example-witness+1a2b3c4d+BAAB',
  serviceAccountId: 'f1c4b0e2-1d2a-4b7e-8a3c-2f4e6a8b0c1d',
  status: 'active' as const,
  registeredAt: '2026-03-02T12:00:00Z',
  retiredAt: null,
  cosignedSize: 120,
  cosignedAt: '2026-03-02T13:00:00Z',
};

describe('the witnesses table', () => {
  it('shows each partner’s witness and how far it has cosigned', () => {
    render(
      <WitnessesTable
        list={{
          latestCheckpointSize: 150,
          witnesses: [
            witness,
            {
              ...witness,
              id: '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a',
              agency: 'health',
              name: 'health.example',
              cosignedSize: null,
              cosignedAt: null,
              status: 'retired',
            },
          ],
        }}
      />,
    );
    const [, police, health] = within(screen.getByTestId('audit-witnesses')).getAllByRole('row');
    expect(police).toHaveTextContent('Police');
    expect(police).toHaveTextContent('Up to 120 entries of 150');
    expect(health).toHaveTextContent('Nothing cosigned yet');
    expect(health).toHaveTextContent('Retired');
  });

  it('says when no partner runs a witness', () => {
    render(<WitnessesTable list={{ latestCheckpointSize: 0, witnesses: [] }} />);
    expect(screen.getByText(/No partner runs a witness yet/)).toBeInTheDocument();
  });
});
