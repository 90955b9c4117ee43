import { useEffect } from 'react';

/** Sets the document title: "Sign in – Roundtable", prefixed with "Error: " when a form has errors (GOV.UK pattern). */
export function usePageTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title} – Roundtable`;
  }, [title, hasErrors]);
}
