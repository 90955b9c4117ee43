import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { eventually } from './eventually';

/** One message the sink accepted: the envelope and the raw RFC 5322 text (parse it with mailparser). */
export interface SunkMessage {
  from: string | null;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package), on a
 * free local port, no TLS or authentication. It keeps every message it
 * accepts; `failWith(code)` makes it refuse every message after DATA with that
 * SMTP code (a mail server that is down for the app) until `accept()`.
 * Point the app at it with `SMTP_URL: sink.url`.
 */
export class SmtpSink {
  readonly messages: SunkMessage[] = [];
  private failure: { code: number; message: string } | null = null;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream: SMTPServerDataStream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const failure = sink?.failure;
          if (failure) {
            callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
            return;
          }
          sink?.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    sink = new SmtpSink(server, port);
    return sink;
  }

  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuses every message from now on with this SMTP code (a 5xx is permanent, a 4xx temporary). */
  failWith(code = 554, message = 'Transaction failed (smtp-sink told to refuse)'): void {
    this.failure = { code, message };
  }

  /** Accepts messages again. */
  accept(): void {
    this.failure = null;
  }

  /** The messages sent to `address`, oldest first. */
  to(address: string): SunkMessage[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits until `count` messages have reached `address`; returns them all, oldest first. */
  async waitFor(address: string, count = 1, timeoutMs = 5_000): Promise<SunkMessage[]> {
    await eventually(() => {
      if (this.to(address).length < count)
        throw new Error(`${this.to(address).length} of ${count} messages to ${address}`);
    }, timeoutMs);
    return this.to(address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
