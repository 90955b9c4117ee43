import net from 'node:net';

/**
 * A TCP proxy in front of the app that can cut a client off as a network
 * partition does: while cut, nothing crosses in either direction, but no
 * connection is closed either; bytes (and closes) wait, as TCP retransmits
 * them, and cross in order once the link heals. Connections opened while cut
 * wait too.
 */
export class PartitionProxy {
  private cut = false;
  private readonly waiting: (() => void)[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards every connection to `target`. */
  static async start(target: { host: string; port: number }): Promise<PartitionProxy> {
    let proxy: PartitionProxy | undefined;
    const server = net.createServer((client) => proxy?.forward(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new PartitionProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops everything from crossing, without closing anything. */
  partition(): void {
    this.cut = true;
  }

  /** Lets everything that waited cross, in order, and everything after it. */
  heal(): void {
    this.cut = false;
    for (const deliver of this.waiting.splice(0)) deliver();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: net.Socket, target: { host: string; port: number }): void {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    }
    this.relay(client, upstream);
    this.relay(upstream, client);
  }

  /** Everything `from` sends reaches `to`, unless the link is cut: then it waits for the heal. */
  private relay(from: net.Socket, to: net.Socket): void {
    const pass = (deliver: () => void) => (this.cut ? this.waiting.push(deliver) : deliver());
    from.on('data', (chunk) => pass(() => !to.destroyed && to.write(chunk)));
    from.on('end', () => pass(() => to.end()));
    from.on('close', () => pass(() => to.destroy()));
  }
}
