import { useContext } from 'react';
import { StepUpContext, type StepUpValue } from './stepUpContext';

/** Step-up re-authentication for actions the server protects (LA decision, exports, membership changes). */
export function useStepUp(): StepUpValue {
  const value = useContext(StepUpContext);
  if (!value) throw new Error('useStepUp must be used inside <StepUpProvider>');
  return value;
}
