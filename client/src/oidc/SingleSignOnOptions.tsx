import { api } from '../api';
import { useOidcProviders } from './useOidcProviders';

/**
 * "Sign in with <organisation>" buttons (GOV.UK secondary buttons) for each
 * configured identity provider; nothing when there are none. They are links:
 * the server redirects the whole page to the provider and back.
 */
export function SingleSignOnOptions() {
  const providers = useOidcProviders();
  if (providers.length === 0) return null;
  return (
    <section aria-labelledby="sso-heading" data-testid="single-sign-on">
      <h2 className="govuk-heading-m" id="sso-heading">
        Sign in through your organisation
      </h2>
      <div className="govuk-button-group">
        {providers.map((provider) => (
          <a
            key={provider.id}
            href={api.auth.oidc.startUrl(provider.id)}
            role="button"
            draggable={false}
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
          >
            Sign in with {provider.displayName}
          </a>
        ))}
      </div>
      <h2 className="govuk-heading-m">Or sign in with your email address</h2>
    </section>
  );
}
