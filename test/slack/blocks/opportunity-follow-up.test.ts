import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { ExpiringSelection } from "../../../src/digest/select.ts";
import type { HomeOpportunityList } from "../../../src/home/opportunities.ts";
import type { HomeData } from "../../../src/home/service.ts";
import type { OpportunityPost } from "../../../src/opportunities/post.ts";
import type { OpportunityState } from "../../../src/opportunities/state.ts";
import type { Opportunity, OpportunitySummary } from "../../../src/partnercentral/opportunity-model.ts";
import { renderAudit } from "../../../src/slack/blocks/audit.ts";
import { renderChannelDigest } from "../../../src/slack/blocks/digest-opportunities.ts";
import { renderHome } from "../../../src/slack/blocks/home.ts";
import { renderHomeOpportunities } from "../../../src/slack/blocks/home-opportunities.ts";
import { invitationBlocks } from "../../../src/slack/blocks/invitation.ts";
import { drawnForApprover, renderOpportunityDetails } from "../../../src/slack/blocks/opportunity.ts";
import { renderOpportunityChange } from "../../../src/slack/blocks/opportunity-change.ts";
import { applyOutcomes } from "../../../src/slack/blocks/outcome.ts";
import { LIMITS } from "../../../src/slack/blocks/text.ts";
import { ACTION, menuValue } from "../../../src/slack/ids.ts";
import type { ActionRecord, OpportunityActionAttempt } from "../../../src/store/index.ts";
import { engagement, NOW } from "../../fixtures/invitations.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";

const HOSTILE = "<!channel> <@U0VIEWER001> & co";
const APPROVERS = "Only <@U0APPROVER1> can assign opportunities or change their next steps.";

const summary = (id: string, change: Partial<OpportunitySummary["lifeCycle"]> = {}): OpportunitySummary => ({
  id,
  catalog: "AWS",
  customer: { companyName: `Customer ${id} ${HOSTILE}` },
  lifeCycle: { stage: "Qualified", reviewStatus: "Approved", targetCloseDate: "2026-03-05", ...change },
  expectedSpend: [{ amount: "25000", currencyCode: "USD", frequency: "Monthly" }],
  deliveryModels: [],
});

const opportunity = (review: string): Opportunity => ({
  ...summary("O42", { reviewStatus: review, nextSteps: "Call" }),
  lastModifiedAt: new Date("2026-03-01T09:30:00Z"),
  project: { title: `Data lake ${HOSTILE}`, salesActivities: [], apnPrograms: [] },
  nextStepsHistory: [],
  team: [],
  customerContacts: [],
  primaryNeedsFromAws: [],
  related: { awsProducts: [], solutions: [], marketplaceOffers: [], marketplaceOfferSets: [] },
});

const buttons = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) =>
    b.type === "actions" ? b.elements.flatMap((e) => ("action_id" in e ? [e.action_id] : [])) : [],
  );

describe("an opportunity's details", () => {
  it("give an approver Assign to me (confirmed), Assign… and Update next steps…, carrying what was seen", () => {
    const { blocks } = renderOpportunityDetails({ opportunity: opportunity("Approved") }, NOW, {
      mayAct: true,
      approversText: APPROVERS,
    });
    expect(buttons(blocks)).toEqual([
      ACTION.assignToMe,
      ACTION.assignOpportunity,
      ACTION.updateNextSteps,
      ACTION.openInPartnerCentral,
    ]);
    expect(JSON.stringify(blocks)).toContain(`"value":"AWS:O42:${Date.parse("2026-03-01T09:30:00Z")}"`);
    expect(drawnForApprover(blocks)).toBe(true);
    expectWithinSlackLimits({ blocks });
    expectNothingUnescaped({ blocks });
  });

  it("say why the next steps cannot change while AWS reviews it, and offer no form", () => {
    for (const review of ["Submitted", "In review", "Action Required", "Rejected"]) {
      const { blocks } = renderOpportunityDetails({ opportunity: opportunity(review) }, NOW, {
        mayAct: true,
        approversText: APPROVERS,
      });
      expect(buttons(blocks)).not.toContain(ACTION.updateNextSteps);
      expect(JSON.stringify(blocks)).toMatch(/Its next steps cannot be changed now: /);
    }
  });

  it("give anyone else no actions, and a line saying who may act", () => {
    const { blocks } = renderOpportunityDetails({ opportunity: opportunity("Approved") }, NOW, {
      mayAct: false,
      approversText: APPROVERS,
    });
    expect(buttons(blocks)).toEqual([ACTION.openInPartnerCentral]);
    expect(JSON.stringify(blocks)).toContain(`:lock: ${APPROVERS}`);
    expect(drawnForApprover(blocks)).toBe(false);
  });
});

describe("a change posted", () => {
  const post = (changes: OpportunityPost["changes"], firstSighting = false): OpportunityPost => ({
    catalog: "AWS",
    id: "O42",
    title: `Data lake ${HOSTILE}`,
    customer: `Acme ${HOSTILE}`,
    changes,
    firstSighting,
  });

  it.each([
    [
      [
        {
          kind: "reviewStatus",
          from: "Approved",
          to: "Action Required",
          comments: `Fix ${HOSTILE}`,
          reason: "Other",
        },
      ],
      /^:warning: AWS asks for action on/,
      /Approved → \*:warning: Action Required\*/,
    ],
    [
      [{ kind: "reviewStatus", from: "In review", to: "Rejected", comments: "Duplicate." }],
      /^:x: AWS rejected/,
      /> Duplicate\./,
    ],
    [
      [{ kind: "reviewStatus", from: "In review", to: "Approved" }],
      /^:white_check_mark: AWS approved/,
      /In review → /,
    ],
    [
      [{ kind: "reviewStatus", from: "Submitted", to: "Under audit" }],
      /AWS's review of .* is now Under audit/,
      /Submitted → /,
    ],
    [
      [{ kind: "reviewComments", reviewStatus: "Action Required", from: "Old ask", to: "New ask" }],
      /^:speech_balloon: AWS's reviewers wrote again/,
      /_Before:_ Old ask/,
    ],
    [
      [{ kind: "stage", from: "Qualified", to: "Committed" }],
      /moved to Committed/,
      /Qualified → \*Committed\*/,
    ],
    [
      [{ kind: "awsNextSteps", from: "Intro", to: "Joint call" }],
      /^:memo: AWS's next steps changed/,
      /> Joint call/,
    ],
  ] as Array<[OpportunityPost["changes"], RegExp, RegExp]>)(
    "says what changed, from what to what: %j",
    (changes, headline, detail) => {
      const message = renderOpportunityChange(post(changes));
      const text = (message.blocks[0] as { text: { text: string } }).text.text;
      expect(text).toMatch(headline);
      expect(text).toMatch(detail);
      expect(text).toContain("(`O42`)");
      expect(buttons(message.blocks)).toEqual([ACTION.viewOpportunity]);
      expectNothingUnescaped(message);
      expectWithinSlackLimits(message);
    },
  );

  it("keeps within Slack's limits whatever AWS wrote", () => {
    const long = "x".repeat(10_000);
    const message = renderOpportunityChange(
      post([
        { kind: "reviewStatus", from: long, to: "Action Required", comments: long, reason: long },
        { kind: "awsNextSteps", from: long, to: long },
      ]),
    );
    expectWithinSlackLimits(message);
  });

  it("leaves out whole lines where AWS wrote more than a section holds, never half an entity or an emoji", () => {
    // Every shift of the text puts the 3,000th character somewhere else in an entity or an emoji.
    for (let shift = 0; shift < 5; shift++) {
      for (const written of ["& <b>".repeat(400), "😀\n".repeat(700)]) {
        const message = renderOpportunityChange(
          post([
            { kind: "reviewStatus", from: "x".repeat(shift), to: "Action Required", comments: written },
            { kind: "reviewComments", reviewStatus: "Action Required", to: written, from: written },
            { kind: "awsNextSteps", from: written, to: written },
          ]),
        );
        const text = (message.blocks[0] as { text: { text: string } }).text.text;
        expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        expect(text.replace(/&(?:amp|lt|gt);/g, "")).not.toContain("&");
        expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(text.split("\n")[0]).toMatch(/^:warning: AWS asks for action on/);
      }
    }
  });
});

describe("an accepted invitation", () => {
  const accepted = (resultId: string, kind: "engagement" | "connection" = "engagement"): ActionRecord => ({
    key: `${kind}:AWS:engi-abc`,
    invitationKind: kind,
    invitationId: "engi-abc",
    catalog: "AWS",
    action: "accept",
    userId: "U0APPROVER1",
    status: "succeeded",
    resultId,
    attempts: 1,
    createdAt: NOW,
    finishedAt: NOW,
  });
  const invitation = engagement({ id: "engi-abc" });

  it("opens its opportunity from the row's menu, and from its details' buttons", () => {
    const row = applyOutcomes(
      invitationBlocks(invitation, NOW),
      new Map([["engagement:AWS:engi-abc", accepted("O77")]]),
    );
    expect(JSON.stringify(row)).toContain(menuValue(ACTION.viewOpportunity, "AWS:O77"));
    const details: KnownBlock[] = [
      {
        type: "actions",
        block_id: "act:engagement:AWS:engi-abc",
        elements: [
          {
            type: "button",
            action_id: ACTION.accept,
            text: { type: "plain_text", text: "Accept" },
            value: "engagement:AWS:engi-abc",
          },
        ],
      },
    ];
    const shown = applyOutcomes(details, new Map([["engagement:AWS:engi-abc", accepted("O77")]]));
    expect(buttons(shown)).toEqual([ACTION.viewOpportunity]);
    // Twice gives the same.
    expect(applyOutcomes(shown, new Map([["engagement:AWS:engi-abc", accepted("O77")]]))).toEqual(shown);
  });

  it("offers none for a lead's engagement", () => {
    const row = applyOutcomes(
      invitationBlocks(invitation, NOW),
      new Map([["engagement:AWS:engi-abc", accepted("eng-1234567890123")]]),
    );
    expect(JSON.stringify(row)).not.toContain(ACTION.viewOpportunity);
  });
});

describe("the digest's opportunities", () => {
  const digest = (invitations: number, opportunities: number, problem?: string) => {
    const expiring = Array.from({ length: invitations }, (_, n) =>
      engagement({
        id: `engi-${String(n).padStart(13, "0")}`,
        expiresAt: new Date(NOW.getTime() + 3_600_000 * (n + 1)),
      }),
    );
    return renderChannelDigest({
      kind: "expiring",
      invitations: expiring,
      counts: new ExpiringSelection(NOW, 5).add(expiring).counts,
      now: NOW,
      windowDays: 5,
      catalog: "AWS",
      // As the digest reads them: the first fifty kept, every one counted.
      needingAction: {
        opportunities: Array.from({ length: Math.min(opportunities, 50) }, (_, n) =>
          summary(`O${n + 1}`, n === 0 ? { reviewStatus: "Action Required", reviewComments: "Fix it." } : {}),
        ),
        total: opportunities,
        actionRequired: Math.min(opportunities, 1),
        ...(problem ? { problem } : {}),
      },
    });
  };

  it("follow the expiring invitations, and fit with them in one message however many there are", () => {
    for (const [invitations, opportunities] of [
      [0, 2],
      [3, 3],
      [60, 3],
      [5, 80],
      [60, 1000],
    ] as const) {
      const message = digest(invitations, opportunities);
      expectWithinSlackLimits(message);
      const text = JSON.stringify(message.blocks);
      expect(text).toContain(`Opportunities that need action* (${opportunities})`);
      expect(text).toContain("O1");
      if (opportunities > 5)
        expect(text).toMatch(/more not shown here: `\/partnercentral opportunities review=action-required`/);
      expectNothingUnescaped(message);
    }
    expect(digest(2, 3).text).toMatch(/3 opportunities need action \(1 Action Required\)$/);
  });

  it("say why they could not be listed, and say nothing when none needs action", () => {
    expect(JSON.stringify(digest(1, 0, "AWS denied partnercentral:ListOpportunities").blocks)).toContain(
      "They could not be listed: AWS denied partnercentral:ListOpportunities",
    );
    expect(JSON.stringify(digest(1, 0).blocks)).not.toContain("Opportunities that need action");
  });
});

describe("the Home's opportunities", () => {
  const state = (id: string, change: Partial<OpportunityState> = {}): OpportunityState => ({
    id,
    catalog: "AWS",
    title: `Project ${id} ${HOSTILE}`,
    stage: "Qualified",
    reviewStatus: "Approved",
    targetCloseDate: "2026-04-01",
    team: [],
    ...change,
  });
  const list = (change: Partial<HomeOpportunityList> = {}): HomeOpportunityList => ({
    mine: [state("O1")],
    needAction: Array.from({ length: 7 }, (_, n) => state(`O${n + 10}`, { reviewStatus: "Action Required" })),
    known: 20,
    windowDays: 5,
    ...change,
  });

  it("shows the viewer's own and the team's that need action, five of each and the rest counted", () => {
    const blocks = renderHomeOpportunities(list(), { email: "alex@partner.example" }, NOW);
    const text = JSON.stringify(blocks);
    expect(text).toContain("Your opportunities");
    expect(text).toContain("O1");
    expect(text).toContain("…and 2 more: `/partnercentral opportunities review=action-required`");
    expectNothingUnescaped({ blocks });
  });

  it("says why the viewer's own cannot be found, and when the app has not looked yet", () => {
    expect(JSON.stringify(renderHomeOpportunities(list(), { problem: "no e-mail address" }, NOW))).toContain(
      "Your own cannot be found: no e-mail address",
    );
    expect(JSON.stringify(renderHomeOpportunities(list({ known: 0 }), {}, NOW))).toContain(
      "has not looked at your opportunities yet",
    );
  });

  it("goes before the digests, within what a Home holds however full it is", () => {
    const many = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => engagement({ id: `engi-${from + i}` }));
    const home: HomeData = {
      catalog: "AWS",
      now: NOW,
      waiting: {
        at: NOW,
        engagements: 10,
        connections: 0,
        byUrgency: { day: 10, threeDays: 0, later: 0 },
        soonest: many(10, 1),
        decided: many(10, 11),
      },
      digests: Array.from({ length: 30 }, (_, n) => ({
        channelId: `C0DIGEST${n}`,
        cron: "0 9 * * *",
        timezone: "UTC",
      })),
      decisions: new Map(),
      alertRefusals: Array.from({ length: 12 }, (_, n) => ({
        channelId: `C0REFUSE${n}`,
        count: 1,
        updates: 0,
        since: NOW,
        dueAt: NOW,
        refusal: "not_in_channel",
      })),
    };
    const { blocks } = renderHome(home, {
      mayAct: true,
      approversText: APPROVERS,
      opportunities: { list: list(), email: "a@b.example" },
    });
    expectWithinSlackLimits({ blocks: blocks as never }, 100);
    const headers = blocks.flatMap((b: KnownBlock) => (b.type === "header" ? [b.text.text] : []));
    expect(headers.slice(-3)).toEqual(["Your opportunities", "Opportunities that need action", "Digests"]);
    expect(JSON.stringify(blocks.at(-1))).toContain("You may accept, reject and cancel invitations.");
  });
});

describe("the audit log", () => {
  it("lists opportunity actions beside decisions, with what, who, the outcome and AWS's request id", () => {
    const action: OpportunityActionAttempt = {
      key: "assign:AWS:O42:1",
      attempt: 2,
      catalog: "AWS",
      opportunityId: "O42",
      title: `Data lake ${HOSTILE}`,
      action: "assign",
      userId: "U0APPROVER1",
      subject: `Alex <alex@partner.example>`,
      status: "failed",
      detail: `not a user ${HOSTILE}`,
      awsRequestId: "req-9",
      createdAt: NOW,
      recordedAt: NOW,
      finishedAt: NOW,
    };
    const message = renderAudit(
      [action, { ...action, action: "next-steps", status: "conflict", subject: "Call" }],
      7,
      {
        number: 1,
        shownBefore: 0,
      },
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("Opportunity `O42` · AWS");
    expect(text).toContain("<@U0APPROVER1> could not assign it to “Alex &lt;alex@partner.example&gt;”");
    expect(text).toContain("it had changed in Partner Central meanwhile; nothing was overwritten");
    expect(text).toContain("request id `req-9` · attempt 2");
    expectNothingUnescaped(message, { mentioned: ["U0APPROVER1"] });
  });
});
