import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import * as openid from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcProviderConfig } from '../../platform';
import { OidcRefusal } from './oidc-refusal';

/** Seconds to wait for a provider's discovery document, token and JWKS endpoints. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The configured identity providers and their discovered metadata. Discovery
 * starts at boot but never blocks it: one provider being down must not stop
 * password sign-in or the other providers. A failed discovery is retried the
 * next time someone signs in through that provider.
 */
@Injectable()
export class OidcClientsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OidcClientsService.name);
  private readonly discovered = new Map<string, Promise<openid.Configuration>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    for (const provider of this.config.oidcProviders) {
      this.configuration(provider).catch(() => undefined); // logged in discover()
    }
  }

  /** Every configured provider, in the file's order. */
  list(): readonly OidcProviderConfig[] {
    return this.config.oidcProviders;
  }

  isConfigured(id: string): boolean {
    return this.config.oidcProviders.some((p) => p.id === id);
  }

  /** The provider with this id, or a refusal the sign-in page can show. */
  provider(id: string): OidcProviderConfig {
    const provider = this.config.oidcProviders.find((p) => p.id === id);
    if (!provider) throw new OidcRefusal('sso-unavailable', 'unknown-provider');
    return provider;
  }

  /** The provider's discovered configuration (cached; rediscovered after a failure). */
  async configuration(provider: OidcProviderConfig): Promise<openid.Configuration> {
    let pending = this.discovered.get(provider.id);
    if (!pending) {
      pending = this.discover(provider);
      this.discovered.set(provider.id, pending);
      pending.catch(() => this.discovered.delete(provider.id));
    }
    try {
      return await pending;
    } catch {
      throw new OidcRefusal('sso-unavailable', 'discovery-failed');
    }
  }

  private async discover(provider: OidcProviderConfig): Promise<openid.Configuration> {
    const issuer = new URL(provider.issuer);
    try {
      const configuration = await openid.discovery(
        issuer,
        provider.clientId,
        { client_secret: provider.clientSecret },
        openid.ClientSecretBasic(provider.clientSecret),
        {
          timeout: PROVIDER_TIMEOUT_SECONDS,
          // Plain http is accepted by the config only for a provider on the loopback interface (tests).
          ...(issuer.protocol === 'http:' ? { execute: [openid.allowInsecureRequests] } : {}),
        },
      );
      this.logger.log(
        { provider: provider.id, issuer: configuration.serverMetadata().issuer },
        'OIDC provider discovered',
      );
      return configuration;
    } catch (err) {
      this.logger.error({ provider: provider.id, err }, 'OIDC discovery failed');
      throw err;
    }
  }
}
