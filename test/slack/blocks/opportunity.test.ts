import { describe, expect, it } from "vitest";
import type {
  AwsOpportunitySummary,
  Opportunity,
  OpportunitySummary,
} from "../../../src/partnercentral/opportunity-model.ts";
import { messageModal } from "../../../src/slack/blocks/modals.ts";
import {
  closeText,
  opportunityConsoleUrl,
  renderOpportunityDetails,
  renderOpportunityList,
  reviewStatusLabel,
} from "../../../src/slack/blocks/opportunity.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";

const NOW = new Date("2026-03-02T15:00:00Z");
const HOSTILE = "<!channel> <@U0VIEWER001> <https://evil.example|click> & co";
const CONSOLE = "https://us-east-1.console.aws.amazon.com";

const summary = (change: Partial<OpportunitySummary> = {}): OpportunitySummary => ({
  id: "O1234567",
  catalog: "AWS",
  lifeCycle: {},
  expectedSpend: [],
  deliveryModels: [],
  ...change,
});

const opportunity = (change: Partial<Opportunity> = {}): Opportunity => ({
  ...summary(),
  createdAt: new Date("2026-01-05T10:00:00Z"),
  lastModifiedAt: new Date("2026-03-01T09:30:00Z"),
  partnerOpportunityId: "CRM-42",
  opportunityType: "Net New Business",
  customer: {
    companyName: "Acme Health",
    industry: "Healthcare",
    websiteUrl: "https://www.acmehealth.com",
    address: { countryCode: "DE" },
  },
  lifeCycle: {
    stage: "Technical Validation",
    reviewStatus: "Action Required",
    reviewComments: "Please add the customer's website.",
    reviewStatusReason: "Customer details incomplete",
    nextSteps: "Run the proof of concept",
    targetCloseDate: "2026-03-12",
  },
  expectedSpend: [{ amount: "25000", currencyCode: "USD", frequency: "Monthly", targetCompany: "AWS" }],
  deliveryModels: ["Professional Services"],
  project: {
    title: "Data lake modernization",
    businessProblem: "Reports take days.",
    salesActivities: [],
    apnPrograms: [],
  },
  nextStepsHistory: [
    { value: "Run the proof of concept", at: new Date("2026-03-01T09:30:00Z") },
    { value: "Send the assessment", at: new Date("2026-02-10T08:00:00Z") },
  ],
  team: [
    {
      firstName: "Ana",
      lastName: "Silva",
      email: "ana.silva@partner.example",
      title: "PartnerAccountManager",
    },
    { firstName: "Alex", lastName: "Rivera", email: "alex@partner.example", title: "OpportunityOwner" },
  ],
  customerContacts: [],
  primaryNeedsFromAws: ["Co-Sell - Technical Consultation"],
  related: { awsProducts: [], solutions: [], marketplaceOffers: [], marketplaceOfferSets: [] },
  ...change,
});

const aws: AwsOpportunitySummary = {
  opportunityId: "O1234567",
  catalog: "AWS",
  origin: "AWS Referral",
  involvementType: "Co-Sell",
  visibility: "Full",
  lifeCycle: { stage: "Qualified", nextSteps: "AWS to introduce the partner to the CTO" },
  nextStepsHistory: [{ value: "Kick-off call", at: new Date("2026-02-01T10:00:00Z") }],
  team: [
    { firstName: "Kemi", lastName: "Okafor", email: "kemi@amazon.com", title: "AWSSalesRep" },
    { firstName: "Hiro", lastName: "Nakamura", email: "hiro@amazon.com", title: "PDM" },
    { firstName: "Lund", email: "lund@amazon.com", title: "AWSRegionalLead" },
  ],
  insights: { nextBestActions: "Propose a proof of concept.", engagementScore: "High", spend: {} },
  customerContacts: [],
  expectedSpend: [],
  related: { awsProducts: [], solutions: [] },
};

const json = (value: unknown) => JSON.stringify(value);

describe("words and dates", () => {
  it("says when a deal closes, how far off, or how long overdue; a closed one when it closed", () => {
    expect(closeText("2026-03-12", "Qualified", NOW)).toBe(
      "closes <!date^1773316800^{date_short_pretty}|2026-03-12> (in 10 days)",
    );
    expect(closeText("2026-03-02", "Qualified", NOW)).toContain("(today)");
    expect(closeText("2026-02-27", "Qualified", NOW)).toContain("(:alarm_clock: 3 days overdue)");
    expect(closeText("2026-02-27", "Launched", NOW)).toBe(
      "closed <!date^1772193600^{date_short_pretty}|2026-02-27>",
    );
    expect(closeText("soon", undefined, NOW)).toBe("closes soon");
  });

  it("labels review statuses, and one of a newer model as AWS wrote it, escaped", () => {
    expect(reviewStatusLabel("Action Required")).toBe(":warning: Action Required");
    expect(reviewStatusLabel("Escalated <!here>")).toBe(":grey_question: Escalated &lt;!here&gt;");
  });

  it("opens the opportunity itself in the console, or the Sandbox's opportunities", () => {
    expect(opportunityConsoleUrl("AWS", "O1234567")).toBe(`${CONSOLE}/partnercentral/opportunities/O1234567`);
    expect(opportunityConsoleUrl("Sandbox", "O1234567")).toBe(`${CONSOLE}/partnercentral/opportunities`);
  });
});

describe("the list", () => {
  const page = { number: 1, shownBefore: 0, nextPageKey: "page-key" };

  it("shows each opportunity's name, review, stage, close, spend, owner and id, with a View button", () => {
    const message = renderOpportunityList({
      filter: "open · AWS",
      opportunities: [opportunity()],
      page,
      now: NOW,
    });
    const row = json(message.blocks.find((b) => b.block_id === "opp:AWS:O1234567"));
    for (const shown of [
      "*Data lake modernization* · Acme Health",
      ":warning: Action Required · Technical Validation · closes <!date^",
      "(in 10 days) · $25,000 a month for AWS",
      "Owner Alex Rivera · `O1234567`",
      "> Please add the customer's website.",
      `"action_id":"${ACTION.viewOpportunity}"`,
      '"value":"AWS:O1234567"',
    ]) {
      expect(row).toContain(shown);
    }
    expect(json(message)).toContain("Opportunities · open · AWS · 1–1, more on the next page");
    expect(message.text).toContain("Data lake modernization (O1234567)");
    expectWithinSlackLimits(message);
  });

  it("names a summary by its customer, else its id, and shows only what AWS gave", () => {
    const message = renderOpportunityList({
      filter: "every stage",
      opportunities: [
        summary({ customer: { companyName: "Globex" }, lifeCycle: { stage: "Won" } }),
        summary({ id: "O9" }),
      ],
      page: { number: 2, shownBefore: 10, previousPageKey: "page-key" },
      now: NOW,
    });
    const rows = message.blocks.filter((b) => b.block_id?.startsWith("opp:")).map(json);
    expect(rows[0]).toContain("*Globex*\\nWon\\n`O1234567`");
    expect(rows[1]).toContain("*O9*\\n`O9`");
    expect(json(message)).toContain("11–12");
    expect(json(message)).toContain("Previous page (1)");
  });

  it("says when nothing matches", () => {
    const message = renderOpportunityList({
      filter: "closed",
      opportunities: [],
      page: { number: 1, shownBefore: 0 },
      now: NOW,
    });
    expect(json(message)).toContain("Nothing matches this filter.");
  });

  it("escapes everything AWS wrote", () => {
    const hostile = opportunity({
      customer: { companyName: HOSTILE },
      project: { title: HOSTILE, salesActivities: [], apnPrograms: [] },
      lifeCycle: {
        stage: HOSTILE,
        reviewStatus: "Rejected",
        reviewComments: HOSTILE,
        targetCloseDate: HOSTILE,
      },
      team: [{ firstName: HOSTILE, title: "OpportunityOwner" }],
      expectedSpend: [{ amount: HOSTILE, currencyCode: HOSTILE, frequency: HOSTILE, targetCompany: HOSTILE }],
    });
    const message = renderOpportunityList({ filter: HOSTILE, opportunities: [hostile], page, now: NOW });
    expectNothingUnescaped(message);
  });
});

describe("the details", () => {
  it("show customer, project, stage, close, review with comments, next steps with history, team and AWS's side", () => {
    const message = renderOpportunityDetails({ opportunity: opportunity(), aws }, NOW);
    const text = json(message);
    for (const shown of [
      "Data lake modernization",
      "Opportunity `O1234567` · AWS catalog · your CRM id `CRM-42` · created <!date^",
      "*AWS's review:* :warning: Action Required · Customer details incomplete\\n> Please add the customer's website.",
      "*Customer*\\nAcme Health · Healthcare · Germany · <https://www.acmehealth.com/|www.acmehealth.com>",
      "*Stage*\\nTechnical Validation",
      "*Expected spend*\\n$25,000 a month for AWS",
      "*Next steps*\\nRun the proof of concept\\n• Send the assessment · <!date^",
      "*Your team*\\nAna Silva · PartnerAccountManager · ana.silva@partner.example\\nAlex Rivera · OpportunityOwner",
      "AWS's side",
      "*Origin*\\nAWS Referral",
      "*Involvement*\\nCo-Sell",
      "*Engagement score*\\nHigh",
      "*Sales rep:* Kemi Okafor · kemi@amazon.com",
      "*Partner development manager (PDM):* Hiro Nakamura",
      "*AWSRegionalLead:* Lund · lund@amazon.com",
      "*AWS's next steps*\\nAWS to introduce the partner to the CTO\\n• Kick-off call",
      "*Next best actions (AWS's insight)*\\nPropose a proof of concept.",
      `${CONSOLE}/partnercentral/opportunities/O1234567`,
    ]) {
      expect(text).toContain(shown);
    }
    expect(message.text).toBe("Opportunity O1234567: Data lake modernization (Action Required)");
    expectWithinSlackLimits(message);
    expectWithinSlackLimits(messageModal("Opportunity", message), 100);
  });

  it("leave out what AWS leaves out", () => {
    const bare: Opportunity = {
      ...summary(),
      project: { salesActivities: [], apnPrograms: [] },
      nextStepsHistory: [],
      team: [],
      customerContacts: [],
      primaryNeedsFromAws: [],
      related: { awsProducts: [], solutions: [], marketplaceOffers: [], marketplaceOfferSets: [] },
    };
    const message = renderOpportunityDetails({ opportunity: bare }, NOW);
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "context", "actions"]);
    expect(json(message)).toContain("Opportunity O1234567");
  });

  it("say beside the rest when AWS's side could not be read", () => {
    const message = renderOpportunityDetails(
      { opportunity: opportunity(), awsError: "AWS denied <it>." },
      NOW,
    );
    expect(json(message)).toContain(":warning: AWS's side could not be read: AWS denied &lt;it&gt;.");
    expect(json(message)).not.toContain("AWS's side\"");
  });

  it("escape everything AWS wrote", () => {
    const hostile = opportunity({
      customer: { companyName: HOSTILE, industry: HOSTILE, websiteUrl: HOSTILE },
      partnerOpportunityId: HOSTILE,
      project: { title: HOSTILE, businessProblem: HOSTILE, salesActivities: [], apnPrograms: [] },
      lifeCycle: {
        reviewStatus: HOSTILE,
        reviewComments: `${HOSTILE}\n${HOSTILE}`,
        reviewStatusReason: HOSTILE,
        nextSteps: HOSTILE,
      },
      nextStepsHistory: [{ value: HOSTILE, at: NOW }],
      team: [{ firstName: HOSTILE, email: HOSTILE, title: HOSTILE, phone: HOSTILE }],
    });
    const message = renderOpportunityDetails(
      {
        opportunity: hostile,
        aws: {
          ...aws,
          origin: HOSTILE,
          involvementType: HOSTILE,
          team: [{ firstName: HOSTILE, title: HOSTILE }],
          insights: { nextBestActions: HOSTILE, engagementScore: HOSTILE, spend: {} },
          lifeCycle: { nextSteps: HOSTILE, stage: HOSTILE },
        },
      },
      NOW,
    );
    expectNothingUnescaped(message, { links: [CONSOLE] });
  });
});
