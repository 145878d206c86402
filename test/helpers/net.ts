import { connect, createServer, type Socket } from "node:net";

/** A port nothing listens on right now, for a process that must be told its port up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A connection to the local port for `client`, both kept in `sockets` while open and closed together. */
function linked(sockets: Set<Socket>, client: Socket, targetPort: number): Socket {
  const upstream = connect(targetPort, "127.0.0.1");
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {
      client.destroy();
      upstream.destroy();
    });
  }
  return upstream;
}

/**
 * A TCP relay to a local port that can be cut and restored on the same address, for a service that goes
 * away and comes back while the other services on the target port stay up.
 */
export async function startRelay(targetPort: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = linked(sockets, client, targetPort);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    /** Refuses connections and drops those open, as a network outage would. */
    async cut(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore(): Promise<void> {
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
  };
}

/**
 * A TCP relay to a server that holds back, once, what a client sends from the first chunk containing
 * `pattern` on, until released: one process's database statement stays in flight for as long as a test
 * needs, while everything else flows. Knows the local port of each connection to the server, which the
 * server reports as that client's (`pg_stat_activity.client_port`).
 */
export async function startHoldingRelay(targetPort: number, pattern: string) {
  const sockets = new Set<Socket>();
  let armed = true;
  let held: { upstream: Socket; chunks: Buffer[] } | undefined;
  let onHeld: (localPort: number) => void = () => undefined;
  const held$ = new Promise<number>((resolve) => {
    onHeld = resolve;
  });
  const server = createServer((client) => {
    const upstream = linked(sockets, client, targetPort);
    client.on("data", (chunk: Buffer) => {
      if (held?.upstream === upstream) {
        held.chunks.push(chunk);
      } else if (armed && chunk.toString("latin1").includes(pattern)) {
        armed = false;
        held = { upstream, chunks: [chunk] };
        onHeld(upstream.localPort ?? 0);
      } else {
        upstream.write(chunk);
      }
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    /** Resolves, with the held connection's local port, once a chunk with the pattern is held. */
    held: held$,
    /** Sends on what was held, and everything after it. */
    release(): void {
      const holding = held;
      held = undefined;
      for (const chunk of holding?.chunks ?? []) holding?.upstream.write(chunk);
    },
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
