import { createHmac } from "node:crypto";

/** The `X-Slack-Signature` value Slack sends: `v0=` + hex HMAC-SHA256 over `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex");
  return `v0=${digest}`;
}
