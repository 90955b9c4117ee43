import type { OidcProviderSummary } from '@roundtable/shared/oidc';
import { useEffect, useState } from 'react';
import { api } from '../api';

/** The configured identity providers; empty while loading, when none are configured, or if the list fails. */
export function useOidcProviders(): readonly OidcProviderSummary[] {
  const [providers, setProviders] = useState<readonly OidcProviderSummary[]>([]);
  useEffect(() => {
    let cancelled = false;
    api.auth.oidc.providers().then(
      (res) => {
        if (!cancelled) setProviders(res.providers);
      },
      // Password sign-in still works without the list.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return providers;
}
