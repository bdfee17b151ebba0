// A fault-injecting TCP proxy on 127.0.0.1 in front of the real kube-apiserver.
//
// TEST DOUBLE, used only to inject connection faults: it passes bytes through untouched (TLS runs end to
// end between the client and the real API server, whose certificate is valid for 127.0.0.1), and on
// demand cuts every open connection (TCP reset) and refuses new ones (the port is closed) until told to
// accept again on the same port. Everything the client reads comes from the real API server.
import { connect, createServer, Server, Socket } from 'node:net';

export class FaultProxy {
  private server: Server | undefined;
  private readonly clients = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();
  private accepted = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    private port: number,
  ) {}

  /** Starts a proxy to `server` (`https://127.0.0.1:PORT`) on a free 127.0.0.1 port. */
  static async start(server: string): Promise<FaultProxy> {
    const u = new URL(server);
    const p = new FaultProxy({ host: u.hostname, port: Number(u.port) }, 0);
    await p.listen();
    return p;
  }

  /** The server URL a kubeconfig should use to go through the proxy. */
  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Client connections accepted so far. */
  get acceptedConnections(): number {
    return this.accepted;
  }

  /** Client connections open now. */
  get openConnections(): number {
    return this.clients.size;
  }

  /** Resets every open connection and stops listening: new connections are refused. Returns how many client connections were cut. */
  async cutAndRefuse(): Promise<number> {
    const cut = this.openConnections;
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    for (const s of [...this.clients, ...this.upstreams]) s.resetAndDestroy();
    this.clients.clear();
    this.upstreams.clear();
    await closed;
    return cut;
  }

  /** Accepts connections again, on the same port. */
  async accept(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.cutAndRefuse();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.relay(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        const addr = server.address();
        if (addr && typeof addr === 'object') this.port = addr.port;
        resolve();
      });
    });
  }

  private relay(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.target.port, this.target.host);
    this.clients.add(client);
    this.upstreams.add(upstream);
    client.on('close', () => this.clients.delete(client));
    upstream.on('close', () => this.upstreams.delete(upstream));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
