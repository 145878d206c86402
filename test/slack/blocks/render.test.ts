import { describe, expect, it } from "vitest";
import { PartnerCentralError } from "../../../src/partnercentral/errors.ts";
import {
  renderConnectionDetails,
  renderConnectionInvitationDetails,
  renderEngagementDetails,
} from "../../../src/slack/blocks/details.ts";
import { renderExpiring } from "../../../src/slack/blocks/digest.ts";
import {
  renderHelp,
  renderPartnerCentralError,
  renderUsageError,
} from "../../../src/slack/blocks/feedback.ts";
import { renderConnectionList, renderInvitationList } from "../../../src/slack/blocks/lists.ts";
import {
  escapeMrkdwn,
  expiryPhrase,
  safeText,
  textLength,
  truncate,
} from "../../../src/slack/blocks/text.ts";
import { HELP_TOPICS, QUICK_STARTS } from "../../../src/slack/commands/help.ts";
import {
  connectionInvitation,
  engagement,
  HOSTILE,
  hostileConnection,
  hostileConnectionInvitationDetails,
  hostileEngagementDetails,
  NOW,
} from "../../fixtures/invitations.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";

const HOUR = 3_600_000;
const page = { number: 1, shownBefore: 0 };

describe("text helpers", () => {
  it("escapes the three characters Slack treats as control characters", () => {
    expect(escapeMrkdwn("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("truncates with an ellipsis and never cuts an escaped entity in half", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    const text = safeText("<<<<<<<<<<", 10);
    expect(text.length).toBeLessThanOrEqual(10);
    expect(text).toMatch(/^(&lt;)+…$/);
  });

  it("says how long is left, or how long ago it expired, rounded as people say it", () => {
    const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
    expect(expiryPhrase(at(18.4), NOW)).toBe("expires in 18 hours");
    expect(expiryPhrase(at(1 + 58 / 60), NOW)).toBe("expires in 2 hours");
    expect(expiryPhrase(at(36), NOW)).toBe("expires in 36 hours");
    expect(expiryPhrase(at(50), NOW)).toBe("expires in 2 days");
    expect(expiryPhrase(at(15 * 24 - 1 / 60), NOW)).toBe("expires in 15 days");
    expect(expiryPhrase(at(13.6 * 24), NOW)).toBe("expires in 14 days");
    expect(expiryPhrase(at(13.4 * 24), NOW)).toBe("expires in 13 days");
    expect(expiryPhrase(at(59.7 / 60), NOW)).toBe("expires in 1 hour");
    expect(expiryPhrase(at(10 / 60), NOW)).toBe("expires in 10 minutes");
    expect(expiryPhrase(at(-3), NOW)).toBe("expired 3 hours ago");
  });
});

describe("hostile text from AWS is shown literally everywhere", () => {
  const hostileInvitations = [
    engagement({ title: HOSTILE, counterpart: { name: HOSTILE, awsAccountId: HOSTILE } }),
    connectionInvitation({ counterpart: { identifier: HOSTILE } }),
    connectionInvitation({ role: "SENDER", title: HOSTILE, counterpart: { identifier: HOSTILE } }),
  ];

  it.each([
    [
      "invitation list",
      renderInvitationList({
        heading: "Engagement invitations",
        filter: HOSTILE,
        invitations: hostileInvitations,
        page,
        now: NOW,
      }),
    ],
    ["connection list", renderConnectionList({ filter: HOSTILE, connections: [hostileConnection()], page })],
    ["engagement details", renderEngagementDetails(hostileEngagementDetails(), NOW, { withActions: true })],
    [
      "connection invitation details",
      renderConnectionInvitationDetails(hostileConnectionInvitationDetails(), NOW, { withActions: true }),
    ],
    ["connection details", renderConnectionDetails(hostileConnection())],
    [
      "expiring digest",
      renderExpiring({
        invitations: hostileInvitations.slice(0, 2),
        now: NOW,
        windowDays: 5,
        catalog: "AWS",
      }),
    ],
    ["usage error", renderUsageError(`\`${HOSTILE}\` is not a subcommand`)],
    [
      "AWS error",
      renderPartnerCentralError(new PartnerCentralError("Validation", HOSTILE, "ListConnections", HOSTILE)),
    ],
  ])("%s", (_name, message) => {
    expect(message).toBeDefined();
    expectNothingUnescaped(message);
    expectWithinSlackLimits(message ?? { blocks: [] });
    expect(JSON.stringify(message)).toContain("&lt;!channel&gt;");
  });
});

describe("whatever the data, messages stay within Slack's limits", () => {
  it("truncates 4,000-character fields with an ellipsis", () => {
    const long = "x".repeat(4000);
    const details = hostileEngagementDetails();
    const message = renderEngagementDetails(
      {
        ...details,
        title: long,
        message: long,
        description: long,
        project: { ...details.project, businessProblem: long, expectedSpend: [] },
      },
      NOW,
      { withActions: true },
    );
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message)).toContain("x…");
  });

  it("summarises what does not fit in one digest message, with a Show all button", () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      engagement({ expiresInHours: 1 + i * 1.5, title: "y".repeat(300) }),
    );
    const message = renderExpiring({ invitations: many, now: NOW, windowDays: 5, catalog: "AWS" });
    expect(message).toBeDefined();
    expectWithinSlackLimits(message ?? { blocks: [] });
    expect(textLength(message?.blocks)).toBeLessThanOrEqual(12_000);
    const text = JSON.stringify(message);
    expect(text).toContain("Not shown here");
    expect(text).toContain('"action_id":"digest_show_all"');
    expect(message?.text).toMatch(/^60 invitations expire within 5 days — 16 within 24 hours/);
  });
});

describe("buttons follow what our side may do", () => {
  const controls = (message: { blocks: unknown[] }) =>
    JSON.stringify(message.blocks).match(/"action_id":"[a-z_]+"|"value":"[a-z_]+ /g);

  it("offers Accept and Reject… beside a menu of Details and the console on pending received invitations, Cancel on sent ones, the menu otherwise", () => {
    const list = (invitation: ReturnType<typeof engagement>) =>
      controls(
        renderInvitationList({ heading: "h", filter: "f", invitations: [invitation], page, now: NOW }),
      );
    const menu = [
      '"action_id":"invitation_more"',
      '"value":"invitation_details ',
      '"value":"open_partner_central ',
    ];
    expect(list(engagement())).toEqual([
      '"action_id":"invitation_accept"',
      '"action_id":"invitation_reject"',
      ...menu,
    ]);
    expect(list(connectionInvitation({ role: "SENDER" }))).toEqual([
      '"action_id":"invitation_cancel"',
      ...menu,
    ]);
    expect(list(engagement({ status: "ACCEPTED" }))).toEqual(menu);
  });

  it("shows no decisions to someone who may not act, and one line saying who can", () => {
    const message = renderInvitationList({
      heading: "h",
      filter: "f",
      invitations: [engagement(), engagement()],
      page,
      now: NOW,
      viewer: {
        mayAct: false,
        approversText: "Only <!subteam^S0APPROVERS> can accept, reject or cancel invitations.",
      },
    });
    expect(controls(message)?.filter((c) => /accept|reject|cancel/.test(c))).toEqual([]);
    const lines = JSON.stringify(message.blocks).match(/<!subteam\^S0APPROVERS>/g);
    expect(lines).toHaveLength(1);
  });
});

describe("snapshots", () => {
  it("engagement invitation list with a previous and a next page", () => {
    const invitations = [
      engagement({ id: "engi-a000000000001", title: "Migrate ERP to AWS", expiresInHours: 40 }),
      engagement({ id: "engi-a000000000002", status: "ACCEPTED", title: "Analytics lake" }),
    ];
    expect(
      renderInvitationList({
        heading: "Engagement invitations",
        filter: "pending · received · newest first · AWS",
        invitations,
        page: { number: 2, shownBefore: 10, nextPageKey: "k3y", previousPageKey: "k3y" },
        now: NOW,
      }),
    ).toMatchSnapshot();
  });

  it("digest grouped by urgency", () => {
    const invitations = [
      engagement({ id: "engi-b000000000001", expiresInHours: 6 }),
      connectionInvitation({ id: "pacinv-b0000000000001", expiresInHours: 50 }),
      engagement({ id: "engi-b000000000002", expiresInHours: 110 }),
    ];
    expect(renderExpiring({ invitations, now: NOW, windowDays: 5, catalog: "AWS" })).toMatchSnapshot();
  });

  it("all-clear digest", () => {
    expect(
      renderExpiring({ invitations: [], now: NOW, windowDays: 5, catalog: "AWS", totalPending: 12 }).text,
    ).toBe(":white_check_mark: Nothing expires within 5 days. 12 invitations pending in all.");
  });

  it("help fits on a screen: three commands with an example and a button each, then the topics", () => {
    const help = renderHelp(QUICK_STARTS, HELP_TOPICS, { catalog: "AWS" });
    const started = help.blocks.filter((b) => b.type === "section" && b.accessory?.type === "button");
    expect(started.map((b) => JSON.stringify(b).match(/partnercentral (\w+)/)?.[1])).toEqual([
      "engagements",
      "expiring",
      "digest",
    ]);
    expect(help.blocks).toHaveLength(6);
    expect(JSON.stringify(help.blocks)).toContain(
      "`/partnercentral help &lt;topic&gt;` for engagements, invitations, connections",
    );
    expectWithinSlackLimits(help);
    expect(help).toMatchSnapshot();
  });
});
