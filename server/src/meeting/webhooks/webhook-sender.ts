import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './webhook-target';

/** How many characters of a response body the delivery log keeps. */
export const RESPONSE_SNIPPET_CHARS = 200;
const READ_AT_MOST_BYTES = 1024;

export interface PostOutcome {
  statusCode: number | null;
  succeeded: boolean;
  error: string | null;
  responseSnippet: string | null;
  durationMs: number;
}

export interface PostOptions {
  timeoutMs: number;
  /** Refuse to connect to any address that is not public (production). */
  publicOnly: boolean;
}

/**
 * A DNS lookup that refuses non-public addresses: the check is on the address
 * the socket will connect to, so a name that resolved to a public address when
 * the subscription was made and to 10.0.0.1 now (DNS rebinding) is refused.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0)
      return callback(
        Object.assign(new Error(`refused: ${hostname} resolves to a non-public address`), { code: 'EWEBHOOKTARGET' }),
        '',
        0,
      );
    if ((options as { all?: boolean }).all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/**
 * POSTs one signed delivery. Never follows a redirect (a 3xx is a failure),
 * gives up after `timeoutMs`, reads at most 1 KiB of the answer and keeps a
 * short snippet of it. Resolves (never rejects) with what happened.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostOutcome> {
  const started = performance.now();
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const bytes = Buffer.from(body, 'utf8');
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  // A literal address never goes through the lookup: checked here instead.
  if (options.publicOnly && isIP(literal) !== 0 && !isPublicAddress(literal))
    return Promise.resolve({
      statusCode: null,
      succeeded: false,
      error: `refused: ${literal} is not a public address`,
      responseSnippet: null,
      durationMs: 0,
    });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(bytes.length),
          'user-agent': 'Roundtable-Webhooks/1',
        },
        agent: false,
        ...(options.publicOnly ? { lookup: publicOnlyLookup } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          if (read < READ_AT_MOST_BYTES) chunks.push(chunk.subarray(0, READ_AT_MOST_BYTES - read));
          read += chunk.length;
          if (read >= READ_AT_MOST_BYTES) response.destroy();
        });
        const done = () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
          const snippet = text ? text.slice(0, RESPONSE_SNIPPET_CHARS) : null;
          const succeeded = status >= 200 && status < 300;
          const error = succeeded
            ? null
            : status >= 300 && status < 400
              ? `redirect not followed (HTTP ${status})`
              : `the receiver answered HTTP ${status}`;
          finish({ statusCode: status, succeeded, error, responseSnippet: snippet });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({
        statusCode: null,
        succeeded: false,
        error: `no answer within ${Math.round(options.timeoutMs / 100) / 10} s`,
        responseSnippet: null,
      });
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const message = error.code === 'EWEBHOOKTARGET' ? error.message : `${error.code ?? 'error'}: ${error.message}`;
      finish({ statusCode: null, succeeded: false, error: message.slice(0, 300), responseSnippet: null });
    });
    request.end(bytes);
  });
}
