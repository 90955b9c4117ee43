import { createContext } from 'react';

export interface NavigationFocus {
  /**
   * Client-side route changes since a page was first shown. Page headings take
   * focus when it changes, so keyboard and screen reader users start at the new
   * page's <h1> as they would after a full page load.
   */
  navigationCount: number;
  /** Called by the first page heading shown. Redirects before that (e.g. to /sign-in at start) move no focus. */
  headingShown: () => void;
}

export const NavigationFocusContext = createContext<NavigationFocus>({ navigationCount: 0, headingShown: () => {} });
