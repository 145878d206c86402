import { connect, createServer, type Socket } from "node:net";

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
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
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
