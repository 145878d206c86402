import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EngagementInvitation } from "../../dev/emulator/index.ts";
import { MAX_ATTEMPTS } from "../../src/partnercentral/clients.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../helpers/block-kit.ts";
import { CHANNEL, type Harness, startHarness, VIEWER } from "../helpers/harness.ts";
import { findButton, findMenuOption, messageJson, runCommand, shownInvitationIds } from "../helpers/slack.ts";

const HOSTILE = "<!channel> <@U0VIEWER001> <https://evil.example|click> & co";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
});

function engagementInvitations(filter: (i: EngagementInvitation) => boolean): EngagementInvitation[] {
  return [...h.emulator.state.engagementInvitations.values()].filter(filter);
}

const byDateDesc = (a: EngagementInvitation, b: EngagementInvitation) =>
  b.InvitationDate.getTime() - a.InvitationDate.getTime();

describe("slash commands end to end", () => {
  it("acknowledges at once and answers help through the response URL, only to the caller", async () => {
    const sent = await h.standin.slashCommand({ text: "", userId: VIEWER, channelId: CHANNEL });
    expect(sent.status).toBe(200);
    expect(sent.body).toBe("");
    const answer = await h.standin.waitFor(() =>
      h.standin.messages(CHANNEL).find((m) => m.responseUrl === sent.responseUrl),
    );
    expect(answer.ephemeralFor).toBe(VIEWER);
    expect(answer.text).toContain("/partnercentral help");
    expect(messageJson(answer)).toContain("`/partnercentral expiring within=3`");
    expect(h.emulator.calls).toHaveLength(0);
  });

  it("explains one subcommand with help and its name, in any case", async () => {
    const answer = await runCommand(h.standin, "HELP Engagements", { userId: VIEWER });
    expect(answer.text).toMatch(/^\/partnercentral engagements: Engagement invitations/);
    expect(messageJson(answer)).toContain("engagements status=pending,expired sort=asc");
    const found = h.emulator.addEngagementInvitation();
    const shown = await runCommand(h.standin, `engagement ${found.Id.toUpperCase()}`, { userId: VIEWER });
    expect(messageJson(shown)).toContain(`\`${found.Id}\``);
  });

  it("lists pending received engagement invitations soonest to expire first, with Accept, a menu and expiry", async () => {
    const answer = await runCommand(h.standin, "engagements");
    const expected = engagementInvitations(
      (i) => i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER",
    ).sort((a, b) => byDateDesc(b, a));
    expect(shownInvitationIds(answer)).toEqual(expected.slice(0, 10).map((i) => i.Id));
    const json = messageJson(answer);
    expect(json).toContain("Engagement invitations");
    expect(json).toContain("pending · received · soonest to expire first · AWS");
    expect(json).toMatch(/expires in \d+ (hours?|days?|minutes?)/);
    expect(json).toContain("<!date^");
    expect(findButton(answer, ACTION.accept)).toBeDefined();
    expect(findButton(answer, ACTION.reject)).toMatchObject({ style: "danger" });
    expect(findMenuOption(answer, ACTION.details)).toBeDefined();
    expectWithinSlackLimits(answer);
    const call = h.emulator.calls.find((c) => c.operation === "ListEngagementInvitations");
    expect(call?.input).toMatchObject({
      Catalog: "AWS",
      ParticipantType: "RECEIVER",
      Status: ["PENDING"],
      MaxResults: 10,
      Sort: { SortBy: "InvitationDate", SortOrder: "ASCENDING" },
    });
  });

  it("pages through at least three pages with Next page, keeping the NextToken server-side", async () => {
    const expected = engagementInvitations(
      (i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER",
    ).sort(byDateDesc);
    expect(expected.length).toBeGreaterThan(20);
    let message = await runCommand(h.standin, "engagements status=all");
    const seen: string[] = [...shownInvitationIds(message)];
    let pages = 1;
    for (;;) {
      const next = findButton(message, ACTION.nextPage);
      if (!next) break;
      expect(next.value?.length).toBeLessThanOrEqual(64);
      const before = messageJson(message);
      await h.standin.clickButton({
        userId: message.ephemeralFor ?? "",
        channelId: CHANNEL,
        messageTs: message.ts,
        actionId: ACTION.nextPage,
      });
      const ts = message.ts;
      message = await h.standin.waitFor(() => {
        const current = h.standin.message(CHANNEL, ts);
        return current && messageJson(current) !== before ? current : undefined;
      });
      seen.push(...shownInvitationIds(message));
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(expected.map((i) => i.Id));
    const tokens = h.emulator.calls
      .filter((c) => c.operation === "ListEngagementInvitations")
      .map((c) => c.input.NextToken);
    expect(tokens[0]).toBeUndefined();
    expect(tokens.slice(1).every((t) => typeof t === "string")).toBe(true);
  });

  it("passes every engagements filter to ListEngagementInvitations", async () => {
    const sample = engagementInvitations((i) => i.Catalog === "AWS" && i.ParticipantType === "SENDER")[0];
    expect(sample).toBeDefined();
    const text = `engagements status=pending,accepted role=sender sender=${sample?.SenderAwsAccountId} engagement=${sample?.EngagementId} payload=${sample?.PayloadType === "LeadInvitation" ? "lead" : "opportunity"} sort=asc`;
    const answer = await runCommand(h.standin, text);
    const call = h.emulator.calls.find((c) => c.operation === "ListEngagementInvitations");
    expect(call?.input).toMatchObject({
      ParticipantType: "SENDER",
      Status: ["PENDING", "ACCEPTED"],
      SenderAwsAccountId: [sample?.SenderAwsAccountId],
      EngagementIdentifier: [sample?.EngagementId],
      PayloadType: [sample?.PayloadType],
      Sort: { SortBy: "InvitationDate", SortOrder: "ASCENDING" },
    });
    const expected = engagementInvitations(
      (i) =>
        i.Catalog === "AWS" &&
        i.ParticipantType === "SENDER" &&
        (i.Status === "PENDING" || i.Status === "ACCEPTED") &&
        i.EngagementId === sample?.EngagementId,
    );
    expect(shownInvitationIds(answer).sort()).toEqual(expected.map((i) => i.Id).sort());
  });

  it("keeps catalogs apart", async () => {
    const answer = await runCommand(h.standin, "engagements status=all catalog=sandbox");
    const sandbox = engagementInvitations((i) => i.Catalog === "Sandbox" && i.ParticipantType === "RECEIVER");
    expect(shownInvitationIds(answer).sort()).toEqual(
      sandbox.slice(0, 10).length === sandbox.length
        ? sandbox.map((i) => i.Id).sort()
        : shownInvitationIds(answer).sort(),
    );
    for (const id of shownInvitationIds(answer))
      expect(h.emulator.state.engagementInvitations.get(id)?.Catalog).toBe("Sandbox");
    expect(messageJson(answer)).toContain("Sandbox");
  });

  it("shows one engagement invitation with customer, project, spend, contacts and a Partner Central link", async () => {
    const invitation = engagementInvitations(
      (i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER" && "OpportunityInvitation" in i.Payload,
    )[0];
    const answer = await runCommand(h.standin, `engagement ${invitation?.Id}`);
    const json = messageJson(answer);
    const payload =
      invitation && "OpportunityInvitation" in invitation.Payload
        ? invitation.Payload.OpportunityInvitation
        : undefined;
    expect(json).toContain(invitation?.EngagementTitle.slice(0, 40));
    expect(json).toContain(payload?.Customer.CompanyName);
    expect(json).toContain("Business problem");
    expect(json).toContain("Open Partner Central home");
    expectWithinSlackLimits(answer);
  });

  it("lists connection invitations with every filter and shows one", async () => {
    const received = [...h.emulator.state.connectionInvitations.values()].find(
      (i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER",
    );
    expect(received).toBeDefined();
    const list = await runCommand(
      h.standin,
      `invitations status=${received?.Status.toLowerCase()} type=${received?.ConnectionType.toLowerCase()} role=receiver participant=${received?.OtherParticipantIdentifier}`,
    );
    expect(shownInvitationIds(list)).toContain(received?.Id);
    expect(h.emulator.calls.find((c) => c.operation === "ListConnectionInvitations")?.input).toMatchObject({
      Catalog: "AWS",
      Status: received?.Status,
      ConnectionType: received?.ConnectionType,
      ParticipantType: "RECEIVER",
      OtherParticipantIdentifiers: [received?.OtherParticipantIdentifier],
    });
    const one = await runCommand(h.standin, `invitation ${received?.Id}`);
    expect(messageJson(one)).toContain(received?.InviterName);
    expect(messageJson(one)).toContain("Connection invitation");
  });

  it("lists connections with filters and shows one with every connection type", async () => {
    const connection = [...h.emulator.state.connections.values()].find((c) => c.Catalog === "AWS");
    const type = Object.keys(connection?.ConnectionTypes ?? {})[0] ?? "OPPORTUNITY_COLLABORATION";
    const list = await runCommand(
      h.standin,
      `connections type=${type.toLowerCase()} participant=${connection?.OtherParticipantAccountId}`,
    );
    expect(h.emulator.calls.at(-1)?.input).toMatchObject({
      ConnectionType: type,
      OtherParticipantIdentifiers: [connection?.OtherParticipantAccountId],
    });
    expect(findButton(list, ACTION.connectionDetails, `AWS:${connection?.Id}`)).toBeDefined();
    const one = await runCommand(h.standin, `connection ${connection?.Id}`);
    expect(messageJson(one)).toContain(connection?.OtherParticipantAccountId);
    expect(messageJson(one)).toMatch(/Opportunity collaboration|Subsidiary/);
  });

  it("lists what expires soon, soonest first, from both kinds", async () => {
    const answer = await runCommand(h.standin, "expiring within=5");
    const json = messageJson(answer);
    expect(json).toMatch(/invitations? expires? within 5 days/);
    const ids = shownInvitationIds(answer);
    const expiries = ids.map((id) => {
      const e = h.emulator.state.engagementInvitations.get(id);
      const c = h.emulator.state.connectionInvitations.get(id);
      return (
        e?.ExpirationDate ??
        new Date(e ? e.InvitationDate.getTime() + 15 * 86_400_000 : (c?.ExpiresAt?.getTime() ?? 0))
      ).getTime();
    });
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
    expect(ids.some((id) => id.startsWith("engi-"))).toBe(true);
  });

  it("answers mistakes without calling AWS", async () => {
    for (const [text, expected] of [
      ["frobnicate", "is not a subcommand"],
      ["engagements status=open", "`status=open` is not valid"],
      ["engagement 12345", "is not an engagement invitation id"],
      ["engagements status=pending status=all", "given more than once"],
    ] as const) {
      const answer = await runCommand(h.standin, text);
      expect(answer.text).toContain(expected);
      expect(answer.text).toContain("/partnercentral help");
    }
    expect(h.emulator.calls).toHaveLength(0);
  });

  it.each([
    [
      "engagements",
      "ListEngagementInvitations",
      "AccessDeniedException",
      1,
      /AWS denied partnercentral:ListEngagementInvitations/,
    ],
    ["connections", "ListConnections", "ValidationException", 1, /Partner Central rejected the request/],
    ["invitations", "ListConnectionInvitations", "ThrottlingException", MAX_ATTEMPTS, /throttling requests/],
    ["connections", "ListConnections", "InternalServerException", MAX_ATTEMPTS, /internal error/],
    ["invitations", "ListConnectionInvitations", "ConflictException", 1, /changed in the meantime/],
    ["engagements", "ListEngagementInvitations", "ServiceQuotaExceededException", 1, /quota/],
  ] as const)(
    "turns %s failing with %s's %s into one clear sentence with the request id",
    async (text, operation, error, times, sentence) => {
      h.emulator.injectFault(operation, error, times);
      const answer = await runCommand(h.standin, text);
      expect(answer.text).toMatch(sentence);
      expect(messageJson(answer)).toMatch(/AWS request id `[^`]+`/);
    },
  );

  it("says plainly when an invitation does not exist, without the support wording", async () => {
    const answer = await runCommand(h.standin, "engagement engi-zzzzzzzzzzzzz");
    expect(answer.text).toContain("No engagement invitation with id engi-zzzzzzzzzzzzz in the AWS catalog.");
    expect(messageJson(answer)).not.toContain("AWS Support");
    expect(messageJson(answer)).not.toContain("request id");
  });

  it("gives examples whose ids exist in the preview's data, or says they are placeholders", async () => {
    const help = await runCommand(h.standin, "help", { userId: VIEWER });
    const { state } = h.emulator;
    for (const block of help.blocks as Array<{ text?: { text?: string } }>) {
      const text = block.text?.text ?? "";
      for (const id of text.match(/\b(?:(?:engi|pacinv|pac)-[0-9a-z]{13}|O\d{1,19})\b/gi) ?? []) {
        const exists =
          state.engagementInvitations.has(id) ||
          state.connectionInvitations.has(id) ||
          state.connections.has(id) ||
          state.opportunities.has(id);
        expect(exists || text.includes("the id is a placeholder"), id).toBe(true);
      }
    }
  });

  it("shows hostile text from AWS literally in lists and details", async () => {
    const hostile = h.emulator.addEngagementInvitation({
      InvitationDate: new Date(Date.now() - 14.5 * 86_400_000),
      ExpirationDate: new Date(Date.now() + 12 * 3_600_000),
      EngagementTitle: HOSTILE,
      SenderCompanyName: HOSTILE,
      InvitationMessage: HOSTILE,
      EngagementDescription: HOSTILE,
      ExistingMembers: [{ CompanyName: HOSTILE, WebsiteUrl: HOSTILE }],
      Payload: {
        OpportunityInvitation: {
          ReceiverResponsibilities: ["Software Partner"],
          SenderContacts: [
            { Email: "a@example.com", FirstName: HOSTILE, LastName: HOSTILE, BusinessTitle: HOSTILE },
          ],
          Customer: { CompanyName: HOSTILE, Industry: "Other", WebsiteUrl: HOSTILE, CountryCode: "US" },
          Project: {
            Title: HOSTILE,
            BusinessProblem: HOSTILE,
            TargetCompletionDate: "2027-03-31",
            ExpectedCustomerSpend: [
              { Amount: "100", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: HOSTILE },
            ],
          },
        },
      },
    });
    const connectionInvitation = h.emulator.addConnectionInvitation({
      InviterName: HOSTILE,
      InvitationMessage: HOSTILE,
      OtherParticipantIdentifier: HOSTILE,
    });
    const connection = h.emulator.addConnection({
      ConnectionTypes: {
        OPPORTUNITY_COLLABORATION: {
          CreatedAt: new Date(),
          InviterEmail: HOSTILE,
          InviterName: HOSTILE,
          Status: "ACTIVE",
          OtherParticipant: { PartnerProfile: { Id: "pprofile-abcdefghijklm", Name: HOSTILE } },
        },
      },
    });
    for (const text of [
      `engagements engagement=${hostile.EngagementId}`,
      `engagement ${hostile.Id}`,
      "invitations",
      `invitation ${connectionInvitation.Id}`,
      "connections",
      `connection ${connection.Id}`,
      "expiring within=1",
    ]) {
      const answer = await runCommand(h.standin, text);
      expectNothingUnescaped(answer);
      expect(messageJson(answer), text).toContain("&lt;!channel&gt;");
    }
  });
});

describe("Slack request signatures", () => {
  it("answers 401 to a bad signature or a timestamp over 5 minutes old, and runs no listener", async () => {
    const body = new URLSearchParams({
      command: "/partnercentral",
      text: "engagements",
      user_id: VIEWER,
      channel_id: CHANNEL,
      response_url: `${h.standin.url}/response/forged`,
    }).toString();
    const contentType = "application/x-www-form-urlencoded";
    const forged = await h.standin.sendSigned(body, contentType, { signature: `v0=${"0".repeat(64)}` });
    expect(forged.status).toBe(401);
    const stale = await h.standin.sendSigned(body, contentType, {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(stale.status).toBe(401);
    const fresh = await h.standin.sendSigned(body, contentType);
    expect(fresh.status).toBe(200);
    await h.standin.waitFor(() => h.emulator.calls.length > 0);
    expect(h.emulator.calls).toHaveLength(1);
  });
});
