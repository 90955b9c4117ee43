import type { SealedRecordVersion as Version } from '@roundtable/shared/sealed-records';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StepUpProvider } from '../step-up/StepUpProvider';
import { SealedRecordVersion } from './SealedRecordVersion';

const meetingId = '6f1c2a10-0000-4000-8000-000000000001';

function version(): Version {
  const file = (variant: string, label: string) => ({
    variant,
    label,
    format: 'pdf' as const,
    sha256: 'a'.repeat(64),
    bytes: 2048,
    href: `/api/meetings/${meetingId}/records/1/${variant}.pdf`,
  });
  return {
    version: 1,
    reason: 'concluded',
    addendumId: null,
    sealedAt: '2026-12-01T10:00:00Z',
    files: [file('complete', 'Complete record'), file('shared', 'Record without restricted information')],
  };
}

const link = (label: string) => screen.queryByRole('link', { name: new RegExp(`of the ${label}`, 'i') });

describe('a sealed version’s download links', () => {
  it('gives a member every listed file as it is', () => {
    render(<SealedRecordVersion version={version()} canDownload />, { wrapper: StepUpProvider });
    expect(link('complete record')).toHaveAttribute('href', `/api/meetings/${meetingId}/records/1/complete.pdf`);
  });

  it('asks a reviewer for a reason before a version with restricted information, and sends it with the link', () => {
    const { rerender } = render(<SealedRecordVersion version={version()} canDownload auditReason="  " />, {
      wrapper: StepUpProvider,
    });
    expect(link('complete record')).toBeNull();
    expect(screen.getByText('Give your reason above to download this version')).toBeInTheDocument();
    expect(link('record without restricted information')).toHaveAttribute(
      'href',
      `/api/meetings/${meetingId}/records/1/shared.pdf`,
    );

    rerender(<SealedRecordVersion version={version()} canDownload auditReason="Case audit & review" />);
    expect(link('complete record')).toHaveAttribute(
      'href',
      `/api/meetings/${meetingId}/records/1/complete.pdf?reason=Case%20audit%20%26%20review`,
    );
  });
});
