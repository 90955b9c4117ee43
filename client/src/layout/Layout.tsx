import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { NavigationFocusContext } from './navigationFocus';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';

/** GOV.UK page template: skip link, header, width container with <main>, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const [navigationCount, setNavigationCount] = useState(0);
  const previousPath = useRef(pathname);
  const firstPagePath = useRef<string | null>(null);
  const navigated = useRef(false);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    // Only a change of path is a navigation (not a search or hash change).
    if (previousPath.current === pathname) return;
    previousPath.current = pathname;
    // Before any page was shown, or a redirect to the page just shown in this
    // same render (the start-up redirect to /sign-in): not a navigation.
    if (firstPagePath.current === null) return;
    if (!navigated.current && firstPagePath.current === pathname) return;
    navigated.current = true;
    setNavigationCount((count) => count + 1);
  }, [pathname]);

  const headingShown = useCallback(() => {
    firstPagePath.current ??= window.location.pathname;
  }, []);
  const focus = useMemo(() => ({ navigationCount, headingShown }), [navigationCount, headingShown]);

  function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    mainRef.current?.focus();
    mainRef.current?.scrollIntoView();
  }

  return (
    <NavigationFocusContext.Provider value={focus}>
      <a href="#main-content" className="govuk-skip-link" onClick={skipToMain}>
        Skip to main content
      </a>
      <SiteHeader />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper rt-focus-target" id="main-content" tabIndex={-1} ref={mainRef}>
          {children}
        </main>
      </div>
      <SiteFooter />
    </NavigationFocusContext.Provider>
  );
}
