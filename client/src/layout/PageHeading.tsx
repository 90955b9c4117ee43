import { useContext, useEffect, useRef, type ReactNode } from 'react';
import { NavigationFocusContext } from './navigationFocus';

interface PageHeadingProps {
  children: ReactNode;
  caption?: string;
  size?: 'xl' | 'l';
}

/** The page's single <h1>. Receives focus after each client-side navigation. */
export function PageHeading({ children, caption, size = 'l' }: PageHeadingProps) {
  const { navigationCount, headingShown } = useContext(NavigationFocusContext);
  const ref = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (navigationCount > 0) ref.current?.focus();
    headingShown();
  }, [navigationCount, headingShown]);

  return (
    <>
      {caption && <span className={`govuk-caption-${size}`}>{caption}</span>}
      <h1 className={`govuk-heading-${size}`} tabIndex={-1} ref={ref}>
        {children}
      </h1>
    </>
  );
}
