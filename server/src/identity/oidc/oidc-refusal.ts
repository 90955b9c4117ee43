import type { OidcErrorCode } from '@roundtable/shared/oidc';

/**
 * A sign-in or step-up through an identity provider that must not go ahead.
 * `code` is what the page shows (`?error=`); `reason` goes only into the
 * audit trail and the log.
 */
export class OidcRefusal extends Error {
  /** Set for a refused step-up: the signed-in user goes back where they were, not to the sign-in page. */
  returnTo: string | null = null;

  constructor(
    readonly code: OidcErrorCode,
    readonly reason: string,
    readonly userId: string | null = null,
  ) {
    super(`OIDC refused: ${reason}`);
    this.name = 'OidcRefusal';
  }
}
