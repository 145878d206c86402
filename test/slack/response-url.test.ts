import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { postToResponseUrl, ResponseUrlError } from "../../src/slack/response-url.ts";

interface Received {
  method: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let server: Server | undefined;

/** A local response URL that answers each post with `answer`, recording what it was sent. */
async function responseUrl(
  answer: (res: ServerResponse) => void,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method,
        contentType: req.headers["content-type"],
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/commands/T1/123/secret-token`, received };
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

describe("postToResponseUrl", () => {
  it("posts the message as JSON and resolves once Slack accepts it", async () => {
    const { url, received } = await responseUrl((res) => res.end("ok"));
    const message = { response_type: "ephemeral", text: "Café <b>", blocks: [{ type: "divider" }] };

    await postToResponseUrl(url, message);

    expect(received).toEqual([
      { method: "POST", contentType: "application/json; charset=utf-8", body: message },
    ]);
  });

  it("rejects with Slack's status and answer, without naming the URL", async () => {
    const { url } = await responseUrl((res) => {
      res.statusCode = 404;
      res.end("expired_url");
    });

    const failure = postToResponseUrl(url, { text: "late" });

    await expect(failure).rejects.toThrow(
      new ResponseUrlError("Slack refused the message at the response URL: HTTP 404 expired_url"),
    );
    await expect(failure).rejects.not.toThrow(/secret-token/);
  });

  it("gives up on a response URL that does not answer", async () => {
    const { url } = await responseUrl(() => {});

    await expect(postToResponseUrl(url, { text: "hello" }, 200)).rejects.toThrow(
      "The response URL did not answer within 200 ms.",
    );
  });

  it.each(["ftp://example.com/x", "not a url", ""])("refuses %j before sending anything", async (bad) => {
    await expect(postToResponseUrl(bad, { text: "hello" })).rejects.toThrow(
      "The response URL is not an http(s) URL.",
    );
  });
});
