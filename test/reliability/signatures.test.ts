import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSlackRequest } from "../../dev/slack-standin/index.ts";
import { APPROVER, CHANNEL, type Harness, SIGNING_SECRET, startHarness } from "../helpers/harness.ts";
import { runCommand } from "../helpers/slack.ts";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const now = () => Math.floor(Date.now() / 1000);

function command(text: string): string {
  return new URLSearchParams({
    command: "/partnercentral",
    text,
    user_id: APPROVER,
    channel_id: CHANNEL,
    team_id: "T0STANDIN",
    response_url: `${h.standin.url}/response/forged`,
    trigger_id: "1.2.forged",
  }).toString();
}

const accept = () =>
  `payload=${encodeURIComponent(
    JSON.stringify({
      type: "block_actions",
      user: { id: APPROVER },
      team: { id: "T0STANDIN" },
      actions: [
        { type: "button", action_id: "invitation_accept", value: "engagement:AWS:engi-abcdefghijklm" },
      ],
      response_url: `${h.standin.url}/response/forged`,
    }),
  )}`;

const homeOpened = () =>
  JSON.stringify({
    type: "event_callback",
    team_id: "T0STANDIN",
    event: { type: "app_home_opened", user: APPROVER, tab: "home" },
  });

/** Sends raw headers, for requests that leave one out. */
async function post(body: string, contentType: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${h.services.app.port}/slack/events`, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
  });
  return response.status;
}

describe("Slack request signatures", () => {
  it("refuses forged and stale requests with 401 before any work, then still serves a genuine one", async () => {
    const webApiCallsBefore = h.standin.calls.length;
    const body = command("engagements");
    const signedElsewhere = signSlackRequest("someone-elses-signing-secret", now(), body);
    const refused: Array<[string, Promise<{ status: number }>]> = [
      ["all-zero signature", h.standin.sendSigned(body, FORM, { signature: `v0=${"0".repeat(64)}` })],
      ["another app's secret", h.standin.sendSigned(body, FORM, { signature: signedElsewhere })],
      [
        "body changed after signing",
        h.standin.sendSigned(command("engagements status=all"), FORM, {
          signature: signSlackRequest(SIGNING_SECRET, now(), body),
          timestamp: now(),
        }),
      ],
      [
        "replayed 6 minutes later",
        h.standin.sendSigned(body, FORM, {
          timestamp: now() - 360,
          signature: signSlackRequest(SIGNING_SECRET, now() - 360, body),
        }),
      ],
      [
        "unknown signature version",
        h.standin.sendSigned(body, FORM, {
          signature: signSlackRequest(SIGNING_SECRET, now(), body).replace("v0=", "v1="),
        }),
      ],
      ["empty signature", h.standin.sendSigned(body, FORM, { signature: "" })],
      ["forged button click", h.standin.sendSigned(accept(), FORM, { signature: signedElsewhere })],
      ["forged event", h.standin.sendSigned(homeOpened(), JSON_TYPE, { signature: `v0=${"f".repeat(64)}` })],
      [
        "forged url_verification",
        h.standin.sendSigned(JSON.stringify({ type: "url_verification", challenge: "x" }), JSON_TYPE, {
          signature: `v0=${"1".repeat(64)}`,
        }),
      ],
      [
        "no signature header",
        post(body, FORM, { "x-slack-request-timestamp": String(now()) }).then((status) => ({ status })),
      ],
      [
        "no timestamp header",
        post(body, FORM, { "x-slack-signature": signSlackRequest(SIGNING_SECRET, now(), body) }).then(
          (status) => ({ status }),
        ),
      ],
      [
        "timestamp that is not a number",
        post(body, FORM, {
          "x-slack-request-timestamp": "yesterday",
          "x-slack-signature": signSlackRequest(SIGNING_SECRET, now(), body),
        }).then((status) => ({ status })),
      ],
    ];
    for (const [label, result] of refused) expect((await result).status, label).toBe(401);

    // An ssl_check needs no signature; Bolt answers it and drops anything smuggled alongside.
    const smuggled = await h.standin.sendSigned(`ssl_check=1&${body}`, FORM, { signature: "v0=bad" });
    expect(smuggled.status).toBe(200);

    // A genuine command afterwards is served, and it is the only work done since the forgeries began.
    const answer = await runCommand(h.standin, "engagements");
    expect(answer.text).toContain("Engagement invitations");
    // One list, then the details of the rows it shows (their customer and project), nothing else.
    const [list, ...rest] = h.emulator.calls.map((c) => c.operation);
    expect(list).toBe("ListEngagementInvitations");
    expect(rest.every((operation) => operation === "GetEngagementInvitation")).toBe(true);
    expect(rest.length).toBeLessThanOrEqual(10);
    expect(h.standin.calls.slice(webApiCallsBefore).map((c) => c.method)).toEqual(["response_url"]);
  });
});
