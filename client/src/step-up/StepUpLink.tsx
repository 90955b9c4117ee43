import { useRef, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { useStepUp } from './useStepUp';

/**
 * A download link to something the server only gives after a recent sign-in
 * (a sealed record, an audit export). A click first makes sure the session is
 * fresh (asking the user to confirm it is them if not), then follows the link.
 */
export function StepUpLink(props: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { ensureFresh } = useStepUp();
  const ref = useRef<HTMLAnchorElement>(null);
  const approved = useRef(false);

  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    if (approved.current) {
      approved.current = false;
      return; // the click below: let the browser download
    }
    event.preventDefault();
    void ensureFresh().then(
      (fresh) => {
        if (!fresh || !ref.current) return;
        approved.current = true;
        ref.current.click();
      },
      () => undefined,
    );
  }

  return <a {...props} ref={ref} onClick={handleClick} />;
}
