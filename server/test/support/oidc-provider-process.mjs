// A real OpenID Provider (the `oidc-provider` package) for the OIDC tests, run
// in a child process: oidc-provider is ESM-only and Jest runs the tests as
// CommonJS. One process serves several issuers, each on its own port, so the
// tests see distinct issuers exactly as in a deployment with a council's, a
// police force's and an NHS trust's identity providers.
//
// Input (env OIDC_TEST_PROVIDER_CONFIG, JSON):
//   { "issuers": [ { "name": "council", "port"?, "clients": [ { "client_id", "client_secret", "redirect_uris": [...] } ],
//                    "accounts": { "<subject>": { "email", "email_verified", "name", "job_title" } } } ] }
// Output: one line on stdout, { "issuers": { "<name>": "http://127.0.0.1:<port>" } }, once every issuer listens.
//
// The built-in development interactions render a login form: whatever login is
// typed becomes the subject, so the tests choose subjects by typing them.
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_PROVIDER_CONFIG ?? '{}');

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function startIssuer({ name, port: wanted = 0, clients, accounts = {} }) {
  const server = http.createServer();
  const port = await listen(server, wanted);
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      require_auth_time: true,
      ...client,
    })),
    cookies: { keys: [`test-cookie-key-${name}`] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'job_title'] },
    findAccount: (_ctx, subject) => ({
      accountId: subject,
      claims: () => ({ sub: subject, ...(accounts[subject] ?? {}) }),
    }),
    // First-party clients: no consent screen, the grant covers what was asked.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  return [name, issuer];
}

const issuers = Object.fromEntries(await Promise.all((config.issuers ?? []).map(startIssuer)));
process.stdout.write(`${JSON.stringify({ issuers })}\n`);
// Stop with the test process: the parent closes stdin (or dies).
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
