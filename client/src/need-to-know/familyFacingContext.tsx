import type { FamilyFacingItem } from '@roundtable/shared/need-to-know';
import { createContext, useContext, type ReactNode } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';
import { FamilyFacingToggle } from './FamilyFacingToggle';

interface FamilyFacingContextValue {
  meetingId: string;
  /** Only the chair marks items family-facing. */
  canMark: boolean;
  isMarked: (item: FamilyFacingItem) => boolean;
  send: SendChange;
}

const FamilyFacingContext = createContext<FamilyFacingContextValue | null>(null);

/** Lets the room's decisions and actions offer the chair's "Share with the family" mark without threading props. */
export function FamilyFacingProvider({ value, children }: { value: FamilyFacingContextValue; children: ReactNode }) {
  return <FamilyFacingContext.Provider value={value}>{children}</FamilyFacingContext.Provider>;
}

/** The chair's "Share with the family" mark on one item; nothing for anyone else or outside the room. */
export function FamilyFacingMark({ item, name }: { item: FamilyFacingItem; name: string }) {
  const context = useContext(FamilyFacingContext);
  if (!context?.canMark) return null;
  return (
    <FamilyFacingToggle
      meetingId={context.meetingId}
      item={item}
      name={name}
      marked={context.isMarked(item)}
      send={context.send}
    />
  );
}
