import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** One list response as AWS JSON: the items under `…Summaries`, and the token to go on. */
export interface ListOutput {
  items: Record<string, unknown>[];
  nextToken?: string;
}

export interface AwsProxy {
  url: string;
  /** Rewrites each item of every list response (e.g. leaves out an optional member). */
  rewriteItems(rewrite: Rewrite | undefined): void;
  /**
   * Serves list responses in pages of at most `size` items, each with a token to go on, as AWS may, and
   * with `emptyFirst` an empty page with a token before each page AWS gives; undefined serves them as
   * they come.
   */
  shortPages(size: number | undefined, options?: { emptyFirst?: boolean }): void;
  close(): Promise<void>;
}

interface ProxyToken {
  upstream?: string;
  offset: number;
}

type Rewrite = (item: Record<string, unknown>, operation: string) => void;

const PREFIX = "proxy-";
const encode = (token: ProxyToken) => `${PREFIX}${Buffer.from(JSON.stringify(token)).toString("base64url")}`;
const decode = (token: unknown): ProxyToken | undefined =>
  typeof token === "string" && token.startsWith(PREFIX)
    ? (JSON.parse(Buffer.from(token.slice(PREFIX.length), "base64url").toString("utf8")) as ProxyToken)
    : undefined;

/**
 * Sits between the app's SDK clients and the emulator and changes list responses the way AWS is allowed
 * to: short or empty pages with a NextToken, optional members left out, values from a newer model.
 */
export async function startAwsProxy(emulatorUrl: string): Promise<AwsProxy> {
  let rewrite: Rewrite | undefined;
  let size: number | undefined;
  let emptyFirst = false;
  const upstream = new URL(emulatorUrl);

  const forward = (headers: Record<string, unknown>, body: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: "POST",
          path: "/",
          headers: { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 500,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
        const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        const listing = operation.startsWith("List");
        const ours = listing && size !== undefined ? decode(input.NextToken) : undefined;
        if (ours) {
          if (ours.upstream) input.NextToken = ours.upstream;
          else delete input.NextToken;
        }
        const upstreamToken = ours ? ours.upstream : (input.NextToken as string | undefined);
        if (listing && size !== undefined && emptyFirst && !ours) {
          const empty = JSON.stringify({
            NextToken: encode({ ...(upstreamToken ? { upstream: upstreamToken } : {}), offset: 0 }),
          });
          res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
          res.end(empty);
          return;
        }
        const answer = await forward({ ...req.headers, host: upstream.host }, JSON.stringify(input));
        let text = answer.body;
        if (listing && answer.status === 200) {
          const output = JSON.parse(text) as Record<string, unknown>;
          const key = Object.keys(output).find((k) => k.endsWith("Summaries"));
          const items = key ? ((output[key] as Record<string, unknown>[] | undefined) ?? []) : [];
          for (const item of items) rewrite?.(item, operation);
          if (key && size !== undefined) {
            const offset = ours?.offset ?? 0;
            const page = items.slice(offset, offset + size);
            output[key] = page;
            if (offset + size < items.length) {
              output.NextToken = encode({
                ...(upstreamToken ? { upstream: upstreamToken } : {}),
                offset: offset + size,
              });
            }
          }
          text = JSON.stringify(output);
        }
        res.writeHead(answer.status, {
          "content-type": String(answer.headers["content-type"] ?? "application/x-amz-json-1.0"),
          "x-amzn-requestid": String(answer.headers["x-amzn-requestid"] ?? ""),
          ...(answer.headers["x-amzn-errortype"]
            ? { "x-amzn-errortype": String(answer.headers["x-amzn-errortype"]) }
            : {}),
          "content-length": Buffer.byteLength(text),
        });
        res.end(text);
      } catch (error) {
        res.writeHead(500, { "x-amzn-errortype": "InternalServerException" });
        res.end(JSON.stringify({ message: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rewriteItems(next) {
      rewrite = next;
    },
    shortPages(next, options = {}) {
      size = next;
      emptyFirst = options.emptyFirst ?? false;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
