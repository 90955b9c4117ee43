import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../api';
import type { StepUpValue } from './stepUpContext';
import { StepUpProvider } from './StepUpProvider';
import { useStepUp } from './useStepUp';

const stepUpRequired = () =>
  new ApiError(403, { code: 'StepUpRequired', message: 'Confirm it is you', correlationId: 'c' });

function status(freshForSeconds: number, mfaEnabled: boolean) {
  return { freshForSeconds, maxAgeSeconds: 600, mfaEnabled };
}

/** Renders the provider and hands back its value, as a component using it would see it. */
function renderProvider(): StepUpValue {
  let value: StepUpValue | undefined;
  function Probe() {
    value = useStepUp();
    return null;
  }
  render(
    <StepUpProvider>
      <Probe />
    </StepUpProvider>,
  );
  return value as StepUpValue;
}

beforeEach(() => {
  vi.spyOn(api.auth.stepUp, 'status').mockResolvedValue(status(0, false));
  vi.spyOn(api.auth.oidc, 'stepUpOptions').mockResolvedValue({ password: true, providers: [] });
});

describe('step-up re-authentication', () => {
  it('runs a protected action once when the server allows it', async () => {
    const { withStepUp } = renderProvider();
    const action = vi.fn(async () => 'done');
    await expect(withStepUp(action)).resolves.toBe('done');
    expect(action).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('step-up-dialog')).not.toBeInTheDocument();
  });

  it('asks the user to confirm it is them after StepUpRequired, then runs the action again', async () => {
    const user = userEvent.setup();
    const confirm = vi.spyOn(api.auth.stepUp, 'confirm').mockResolvedValue(status(600, false));
    const { withStepUp } = renderProvider();
    const action = vi.fn<() => Promise<string>>().mockRejectedValueOnce(stepUpRequired()).mockResolvedValue('done');

    let result: Promise<string> | undefined;
    act(() => {
      result = withStepUp(action);
    });
    await user.type(await screen.findByLabelText('Password'), 'my password');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    await expect(result).resolves.toBe('done');
    expect(confirm).toHaveBeenCalledWith({ password: 'my password' });
    expect(action).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('step-up-dialog')).not.toBeInTheDocument();
  });

  it('asks for the authenticator code too when the account uses two-factor', async () => {
    vi.spyOn(api.auth.stepUp, 'status').mockResolvedValue(status(0, true));
    const { ensureFresh } = renderProvider();
    act(() => {
      void ensureFresh();
    });
    expect(await screen.findByLabelText('Code from your authenticator app')).toBeInTheDocument();
  });

  it('gives the original refusal back when the user cancels', async () => {
    const user = userEvent.setup();
    const { withStepUp } = renderProvider();
    const refusal = stepUpRequired();
    const action = vi.fn(async () => Promise.reject(refusal));

    let outcome: Promise<unknown> | undefined;
    act(() => {
      outcome = withStepUp(action).catch((error: unknown) => error);
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(await outcome).toBe(refusal);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('passes other errors through without asking', async () => {
    const { withStepUp } = renderProvider();
    const forbidden = new ApiError(403, { code: 'Forbidden', message: 'No', correlationId: 'c' });
    await expect(withStepUp(async () => Promise.reject(forbidden))).rejects.toBe(forbidden);
    expect(screen.queryByTestId('step-up-dialog')).not.toBeInTheDocument();
  });

  it('keeps the dialog open with the error against the password when it is wrong', async () => {
    const user = userEvent.setup();
    vi.spyOn(api.auth.stepUp, 'confirm').mockRejectedValue(
      new ApiError(401, { code: 'InvalidCredentials', message: 'The password is not right', correlationId: 'c' }),
    );
    const { withStepUp } = renderProvider();
    act(() => {
      void withStepUp(async () => Promise.reject(stepUpRequired())).catch(() => undefined);
    });
    await user.type(await screen.findByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByRole('link', { name: 'The password is not right' })).toHaveAttribute(
      'href',
      '#step-up-password',
    );
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });

  it('does not ask when the last sign-in is recent enough', async () => {
    vi.spyOn(api.auth.stepUp, 'status').mockResolvedValue(status(300, false));
    const { ensureFresh } = renderProvider();
    await expect(ensureFresh()).resolves.toBe(true);
    expect(screen.queryByTestId('step-up-dialog')).not.toBeInTheDocument();
  });

  it('asks again shortly before the server’s limit, not after it', async () => {
    vi.spyOn(api.auth.stepUp, 'status').mockResolvedValue(status(10, false));
    const { ensureFresh } = renderProvider();
    act(() => {
      void ensureFresh();
    });
    expect(await screen.findByTestId('step-up-dialog')).toBeInTheDocument();
  });
});
