import type { Button, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Connection, Invitation } from "../../../src/partnercentral/model.ts";
import { invitationPlainName } from "../../../src/partnercentral/naming.ts";
import { renderAudit } from "../../../src/slack/blocks/audit.ts";
import {
  renderConnectionDetails,
  renderConnectionInvitationDetails,
  renderEngagementDetails,
} from "../../../src/slack/blocks/details.ts";
import { renderExpiring } from "../../../src/slack/blocks/digest.ts";
import { renderHelpTopic } from "../../../src/slack/blocks/feedback.ts";
import { invitationBlocks, invitationPlainLine } from "../../../src/slack/blocks/invitation.ts";
import { PARTNER_CENTRAL_LINK } from "../../../src/slack/blocks/links.ts";
import { renderInvitationList } from "../../../src/slack/blocks/lists.ts";
import { rejectModal, rejectSubject } from "../../../src/slack/blocks/modals.ts";
import { HELP_TOPICS, helpTopic } from "../../../src/slack/commands/help.ts";
import type { DecisionAttempt } from "../../../src/store/index.ts";
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
const ATLAS = { name: "Atlas Advisory Group", identifier: "142888883495" };
const brief = {
  customerName: "Acme Health",
  projectTitle: "Data lake modernization",
  expectedSpend: [{ amount: "25000.00", currencyCode: "USD", frequency: "Monthly", targetCompany: "AWS" }],
};

/** The mrkdwn of an invitation's row: its lines, first to last. */
function rowLines(invitation: Invitation): string[] {
  const [summary] = invitationBlocks(invitation, NOW);
  return summary?.type === "section" ? (summary.text?.text ?? "").split("\n") : [];
}

const json = (value: unknown) => JSON.stringify(value);

/** The buttons under an invitation's row, for someone who may act. */
function buttons(invitation: Invitation): Button[] {
  const actions = invitationBlocks(invitation, NOW).find((b) => b.type === "actions");
  return actions?.type === "actions" ? actions.elements.flatMap((e) => (e.type === "button" ? [e] : [])) : [];
}

describe("rows ready for triage", () => {
  it("titles a connection invitation by its partner, the connection type second", () => {
    const [title, second] = rowLines(connectionInvitation({ counterpart: ATLAS }));
    expect(title).toBe("*Atlas Advisory Group* · Opportunity collaboration connection");
    expect(second).toMatch(/^Sent to you <!date\^\d+\^\{date_short_pretty\} at \{time\}\|.+> · `pacinv-/);
    // The partner's account is not repeated where its name says who it is.
    expect(json(rowLines(connectionInvitation({ counterpart: ATLAS })))).not.toContain("142888883495");
  });

  it("labels a partner's id where no name is known, and says who sent what", () => {
    expect(rowLines(connectionInvitation({ counterpart: { identifier: "142888883495" } }))[0]).toBe(
      "*AWS account 142888883495* · Opportunity collaboration connection",
    );
    expect(
      rowLines(connectionInvitation({ role: "SENDER", counterpart: { identifier: "pprofile-MPhXabc" } }))[0],
    ).toBe("*partner profile pprofile-MPhXabc* · Opportunity collaboration connection");
    expect(rowLines(engagement({ counterpart: { awsAccountId: "123456789012" } }))[1]).toMatch(
      /^Opportunity from AWS account `123456789012` · sent /,
    );
  });

  it("leads an engagement row with its customer and project, then the expected spend", () => {
    const [title, second, status] = rowLines(engagement({ title: "Lake", brief }));
    expect(title).toBe("*Acme Health* · Data lake modernization");
    expect(second).toMatch(/^Opportunity from \*AWS Sales\* · expected \*\$25,000 a month\* · sent /);
    expect(status).toMatch(/^:hourglass_flowing_sand: Pending · :alarm_clock: \*expires in 2 days\*/);
    const several = {
      ...brief,
      expectedSpend: [...brief.expectedSpend, { amount: "9", currencyCode: "EUR" }],
    };
    expect(rowLines(engagement({ brief: several }))[1]).toContain("expected *$25,000 a month* (+1 more)");
    expect(invitationPlainLine(engagement({ brief }), NOW)).toBe(
      "Acme Health · Data lake modernization (AWS Sales), expires in 2 days",
    );
  });

  it("falls back to the engagement's title while its details are not known", () => {
    expect(rowLines(engagement({ title: "Lake" }))[0]).toBe("*Lake*");
    expect(rowLines(engagement({ title: "Lake", brief: { expectedSpend: [] } }))[1]).not.toContain(
      "expected",
    );
  });

  it("names the invitation in its confirmations", () => {
    const confirm = (invitation: Invitation) => buttons(invitation)[0]?.confirm?.text.text;
    expect(confirm(engagement({ brief }))).toContain(
      "Accept *Acme Health* · Data lake modernization from *AWS Sales*?",
    );
    expect(confirm(connectionInvitation({ counterpart: ATLAS }))).toContain(
      "Accept the opportunity collaboration connection with *Atlas Advisory Group*?",
    );
    expect(confirm(connectionInvitation({ role: "SENDER", counterpart: ATLAS }))).toContain(
      "Withdraw your opportunity collaboration connection invitation to *Atlas Advisory Group*?",
    );
  });

  it("fits a digest of long rows within Slack's text budget, with what did not fit summarised", () => {
    const long = "z".repeat(400);
    const rows = Array.from({ length: 40 }, (_, i) =>
      engagement({
        expiresInHours: 1 + i,
        title: long,
        counterpart: { name: long, awsAccountId: "123456789012" },
        brief: { customerName: long, projectTitle: long, expectedSpend: brief.expectedSpend },
      }),
    );
    const digest = renderExpiring({ invitations: rows, now: NOW, windowDays: 5, catalog: "AWS" });
    expectWithinSlackLimits(digest);
    expect(json(digest)).toContain("Not shown here");
  });
});

describe("the same names in forms, Details and the audit", () => {
  it("names the partner in the reject form, from a row or from Details", () => {
    const invitation = connectionInvitation({ counterpart: ATLAS });
    const row = invitationBlocks(invitation, NOW);
    const subject = rejectSubject(row, invitation);
    expect(subject).toBe("*Atlas Advisory Group* · Opportunity collaboration connection");
    const form = json(rejectModal({ kind: "connection", subject, metadata: "k" }).blocks);
    expect(form).toContain("You are about to reject\\n>*Atlas Advisory Group* · Opportunity");
    expect(form).toContain("This cannot be undone.");
    const details = renderConnectionInvitationDetails({ ...invitation, kind: "connection" }, NOW, {
      withActions: true,
    });
    expect(rejectSubject(details.blocks, invitation)).toBe(
      "*Atlas Advisory Group · Opportunity collaboration connection*",
    );
    const hostile = renderConnectionInvitationDetails(hostileConnectionInvitationDetails(), NOW, {
      withActions: true,
    });
    expect(rejectSubject(hostile.blocks, invitation)).not.toContain("<!channel>");
  });

  it("heads an engagement invitation's Details with its customer and project, the spend among the first fields", () => {
    const message = renderEngagementDetails({ ...hostileEngagementDetails(), brief: { ...brief } }, NOW, {
      withActions: true,
    });
    const [header, , fields] = message.blocks as Array<KnownBlock & { fields?: Array<{ text: string }> }>;
    expect(header?.type === "header" && header.text.text).toBe("Acme Health · Data lake modernization");
    expect(fields?.fields?.slice(0, 3).map((f) => f.text.split("\n")[0])).toEqual([
      "*Customer*",
      "*Project*",
      "*Expected spend*",
    ]);
  });

  it("says who canceled a connection by name, shows profile ids only in small print, and labels accounts", () => {
    const connection: Connection = {
      id: "pac-5eki7xrgn2dbh",
      catalog: "AWS",
      otherAccountId: "263605996717",
      types: [
        {
          type: "OPPORTUNITY_COLLABORATION",
          status: "CANCELED",
          participant: { kind: "partner", id: "pprofile-MPhXabc", name: "Atlas Advisory Group" },
          canceledAt: NOW,
          canceledBy: "263605996717",
        },
        {
          type: "SUBSIDIARY",
          status: "CANCELED",
          participant: { kind: "partner", id: "pprofile-MPhXabc", name: "Atlas Advisory Group" },
          canceledAt: NOW,
          canceledBy: "111122223333",
        },
      ],
    };
    const blocks = renderConnectionDetails(connection).blocks;
    const sections = json(blocks.filter((b) => b.type === "section"));
    expect(sections).toContain("by *Atlas Advisory Group*");
    expect(sections).toContain("by your account");
    expect(sections).not.toMatch(/263605996717|pprofile/);
    const small = json(blocks.at(-1));
    expect(small).toContain("AWS account 263605996717");
    expect(small).toContain("partner profile pprofile-MPhXabc");
  });

  it("names each audit entry as the rows do, with the request id in small print", () => {
    const invitation = connectionInvitation({ id: "pacinv-a000000000001", counterpart: ATLAS });
    const attempt: DecisionAttempt = {
      key: "connection:AWS:pacinv-a000000000001",
      invitationKind: "connection",
      catalog: "AWS",
      invitationId: "pacinv-a000000000001",
      title: invitationPlainName(invitation),
      action: "accept",
      userId: "U0APPROVER1",
      status: "succeeded",
      attempt: 1,
      createdAt: NOW,
      recordedAt: NOW,
      finishedAt: NOW,
      awsRequestId: "525a645b-0000-4000-8000-000000000000",
    };
    const { title: _untitled, ...unnamed } = attempt;
    const message = renderAudit([attempt, unnamed], 7, { number: 1, shownBefore: 0 });
    const [namedText, unnamedText] = message.blocks.filter((b) => b.type === "section").map((b) => json(b));
    expect(namedText).toContain(
      "*Atlas Advisory Group · Opportunity collaboration connection* · Connection invitation `pacinv-",
    );
    expect(unnamedText).toContain("Connection invitation `pacinv-a000000000001` · AWS");
    const small = message.blocks.filter((b) => b.type === "context").map((b) => json(b));
    expect(small.at(-1)).toContain("request id `525a645b-");
    expect(json(message)).not.toContain("AWS request ");
  });
});

describe("words", () => {
  it("heads a list's last group by what is left, and a digest's by its window", () => {
    const invitations = [engagement({ expiresInHours: 2 }), engagement({ expiresInHours: 100 })];
    const list = json(
      renderInvitationList({
        heading: "Engagement invitations",
        filter: "f",
        invitations,
        page: { number: 1, shownBefore: 0 },
        now: NOW,
        byUrgency: true,
      }),
    );
    expect(list).toContain("*Expires in more than 3 days* (1)");
    const digest = json(renderExpiring({ invitations, now: NOW, windowDays: 5, catalog: "AWS" }));
    expect(digest).toContain("*Expires within 5 days* (1)");
    expect(`${list}${digest}`).not.toMatch(/window/i);
  });

  it("says “sent”, never “invited”, for when an invitation was sent", () => {
    const everywhere = json([
      invitationBlocks(engagement(), NOW),
      invitationBlocks(connectionInvitation(), NOW),
      renderEngagementDetails(hostileEngagementDetails(), NOW, { withActions: false }),
      renderConnectionInvitationDetails(hostileConnectionInvitationDetails(), NOW, { withActions: false }),
    ]);
    expect(everywhere).toMatch(/[Ss]ent/);
    expect(everywhere).not.toMatch(/\b[Ii]nvited\b(?! by)/);
  });

  it("shows Reject as a danger action, and asks before cancelling in red", () => {
    for (const invitation of [engagement(), connectionInvitation()]) {
      const [accept, reject] = buttons(invitation);
      expect([accept?.text.text, accept?.style, accept?.confirm?.style]).toEqual([
        "Accept",
        "primary",
        "primary",
      ]);
      expect([reject?.text.text, reject?.style, reject?.confirm]).toEqual(["Reject…", "danger", undefined]);
    }
    const [cancel] = buttons(connectionInvitation({ role: "SENDER" }));
    expect([cancel?.style, cancel?.confirm?.style]).toEqual(["danger", "danger"]);
  });

  it("explains each topic of the help on its own, within Slack's limits", () => {
    for (const topic of HELP_TOPICS) {
      const message = renderHelpTopic(topic, { catalog: "AWS" });
      expectWithinSlackLimits(message);
      expectNothingUnescaped(message);
    }
    expect(helpTopic("ENGAGEMENT")?.topic).toBe("engagements");
    expect(helpTopic("frobnicate")).toBeUndefined();
  });
});

describe("links", () => {
  it("say they open Partner Central's home, and Details say what to look for there", () => {
    expect(PARTNER_CENTRAL_LINK.url).toBe("https://us-east-1.console.aws.amazon.com/partnercentral/home");
    const row = json(invitationBlocks(engagement({ id: "engi-c000000000001" }), NOW));
    expect(row).toContain(`"text":"Open Partner Central home"`);
    const details = renderEngagementDetails(
      { ...hostileEngagementDetails(), id: "engi-c000000000001" },
      NOW,
      {
        withActions: false,
      },
    );
    expect(json(details.blocks.at(-1))).toContain("find it there by its id `engi-c000000000001`");
  });
});

describe("whatever Partner Central leaves out, rows still render", () => {
  const bare: Invitation[] = [
    { kind: "engagement", id: "", catalog: "AWS", title: "", counterpart: {}, expiryDerived: false },
    {
      kind: "connection",
      id: "pacinv-x",
      catalog: "Sandbox",
      title: "Connection",
      counterpart: {},
      expiryDerived: false,
    },
    {
      kind: "engagement",
      id: "engi-y",
      catalog: "AWS",
      title: HOSTILE,
      counterpart: { identifier: HOSTILE },
      role: "OBSERVER",
      status: "SOMETHING_NEW",
      expiryDerived: true,
      expiresAt: new Date(NOW.getTime() + HOUR),
      brief: { customerName: HOSTILE, expectedSpend: [{ amount: HOSTILE, frequency: HOSTILE }, {}] },
    },
  ];

  it.each(bare.map((i) => [i.id || "no id", i] as const))("%s", (_id, invitation) => {
    const message = renderInvitationList({
      heading: "h",
      filter: "f",
      invitations: [invitation],
      page: { number: 1, shownBefore: 0 },
      now: NOW,
    });
    expectWithinSlackLimits(message);
    expectNothingUnescaped(message);
    expect(json(message)).not.toMatch(/undefined|null|NaN/);
  });

  it("names a connection from its participant, else its labelled account", () => {
    const unnamed = { ...hostileConnection(), types: [] };
    expect(json(renderConnectionDetails(unnamed).blocks[0])).toContain("AWS account 210987654321");
  });
});
