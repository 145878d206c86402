import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** Slack answers a response URL at once; one that hangs must not hold a listener for ever. */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

export class ResponseUrlError extends Error {
  override name = "ResponseUrlError";
}

/**
 * Posts a message to a Slack response URL, as Bolt's `respond()` does, but through Node's http client:
 * fetch held each request back while other answers kept the event loop busy, so in a burst of commands
 * the answers all left together at its end, where node:http writes each one as soon as it is ready
 * (BENCHMARKS.md, slash commands b). The URL itself is a credential, so errors never name it.
 */
export function postToResponseUrl(
  responseUrl: string,
  payload: object,
  timeoutMs = RESPONSE_URL_TIMEOUT_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = URL.canParse(responseUrl) ? new URL(responseUrl) : undefined;
    if (url?.protocol !== "https:" && url?.protocol !== "http:") {
      reject(new ResponseUrlError("The response URL is not an http(s) URL."));
      return;
    }
    const body = JSON.stringify(payload);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else {
            const said = Buffer.concat(chunks).toString("utf8").slice(0, 200);
            reject(
              new ResponseUrlError(`Slack refused the message at the response URL: HTTP ${status} ${said}`),
            );
          }
        });
      },
    );
    request.on("timeout", () =>
      request.destroy(new ResponseUrlError(`The response URL did not answer within ${timeoutMs} ms.`)),
    );
    request.on("error", reject);
    request.end(body);
  });
}
