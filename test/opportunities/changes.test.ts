import { describe, expect, it } from "vitest";
import { detectChanges } from "../../src/opportunities/changes.ts";
import { type OpportunityState, parseState, serialiseState, stateOf } from "../../src/opportunities/state.ts";
import type { Opportunity } from "../../src/partnercentral/opportunity-model.ts";

const seen: OpportunityState = {
  id: "O1234567",
  catalog: "AWS",
  lastModifiedAt: "2026-03-01T10:00:00.000Z",
  title: "Data lake modernization",
  customer: "Acme Health",
  stage: "Qualified",
  reviewStatus: "In review",
  targetCloseDate: "2026-06-30",
  nextSteps: "Send the proposal",
  team: ["alex@example.com"],
  aws: { stage: "Qualified", nextSteps: "AWS to introduce the partner" },
};
const later = (change: Partial<OpportunityState>): OpportunityState => ({
  ...seen,
  lastModifiedAt: "2026-03-02T10:00:00.000Z",
  ...change,
});

describe("detectChanges", () => {
  it("tells a new review status from what it was, with the reviewers' comments and reason", () => {
    const now = later({
      reviewStatus: "Action Required",
      reviewComments: "Add the website.",
      reviewStatusReason: "Details",
    });
    expect(detectChanges(seen, now)).toEqual({
      stale: false,
      changes: [
        {
          kind: "reviewStatus",
          from: "In review",
          to: "Action Required",
          comments: "Add the website.",
          reason: "Details",
        },
      ],
    });
    expect(
      detectChanges(now, later({ reviewStatus: "Approved", lastModifiedAt: "2026-03-03T00:00:00.000Z" }))
        .changes,
    ).toEqual([{ kind: "reviewStatus", from: "Action Required", to: "Approved" }]);
  });

  it("tells the reviewers writing again without a new status", () => {
    const asked = later({ reviewStatus: "Action Required", reviewComments: "Add the website." });
    expect(
      detectChanges(asked, { ...asked, reviewComments: "Add the website and the budget." }).changes,
    ).toEqual([
      {
        kind: "reviewComments",
        reviewStatus: "Action Required",
        from: "Add the website.",
        to: "Add the website and the budget.",
      },
    ]);
  });

  it("tells a new stage and AWS's new next steps, each from what it was", () => {
    const now = later({
      stage: "Technical Validation",
      aws: { stage: "Qualified", nextSteps: "AWS to run the briefing" },
    });
    expect(detectChanges(seen, now).changes).toEqual([
      { kind: "stage", from: "Qualified", to: "Technical Validation" },
      { kind: "awsNextSteps", from: "AWS to introduce the partner", to: "AWS to run the briefing" },
    ]);
  });

  it("finds nothing in what does not matter, in blank text, or in AWS's side it could not read", () => {
    expect(
      detectChanges(seen, later({ nextSteps: "Other", title: "Renamed", targetCloseDate: "2026-07-01" }))
        .changes,
    ).toEqual([]);
    expect(
      detectChanges({ ...seen, reviewComments: undefined }, later({ reviewComments: "  " })).changes,
    ).toEqual([]);
    const { aws: _, ...unread } = later({});
    expect(detectChanges(seen, unread).changes).toEqual([]);
    expect(detectChanges(seen, later({ aws: null })).changes).toEqual([]);
    expect(detectChanges({ ...seen, aws: null }, later({})).changes).toEqual([
      { kind: "awsNextSteps", to: "AWS to introduce the partner" },
    ]);
  });

  it("calls an answer older than the one seen stale, and a same-dated one of AWS's side current", () => {
    expect(
      detectChanges(seen, { ...seen, lastModifiedAt: "2026-02-28T00:00:00.000Z", stage: "Prospect" }),
    ).toEqual({
      stale: true,
      changes: [],
    });
    expect(detectChanges(seen, { ...seen, aws: { nextSteps: "New" } }).changes).toEqual([
      { kind: "awsNextSteps", from: "AWS to introduce the partner", to: "New" },
    ]);
  });

  it("tells only what asks the team to act when it sees an opportunity for the first time", () => {
    expect(detectChanges(undefined, seen)).toEqual({ stale: false, changes: [] });
    expect(
      detectChanges(undefined, { ...seen, reviewStatus: "Rejected", reviewComments: "Duplicate." }).changes,
    ).toEqual([{ kind: "reviewStatus", to: "Rejected", comments: "Duplicate." }]);
    expect(detectChanges(undefined, { ...seen, reviewStatus: "Action Required" }).changes).toEqual([
      { kind: "reviewStatus", to: "Action Required" },
    ]);
  });

  it("keeps unknown values as AWS wrote them", () => {
    expect(detectChanges(seen, later({ reviewStatus: "Escalated", stage: "Won" })).changes).toEqual([
      { kind: "reviewStatus", from: "In review", to: "Escalated" },
      { kind: "stage", from: "Qualified", to: "Won" },
    ]);
  });
});

describe("the kept state", () => {
  const opportunity = {
    id: "O1",
    catalog: "AWS",
    lastModifiedAt: new Date("2026-03-01T10:00:00Z"),
    lifeCycle: { stage: "Qualified", reviewStatus: "Approved" },
    expectedSpend: [],
    deliveryModels: [],
    project: { salesActivities: [], apnPrograms: [] },
    nextStepsHistory: [],
    team: [{ email: "Alex@Example.com" }, { firstName: "No email" }],
    customerContacts: [],
    primaryNeedsFromAws: [],
    related: { awsProducts: [], solutions: [], marketplaceOffers: [], marketplaceOfferSets: [] },
  } as Opportunity;

  it("holds AWS's side when read, null when AWS has none, and nothing of it when it failed", () => {
    const aws = {
      opportunityId: "O1",
      catalog: "AWS" as const,
      lifeCycle: { nextSteps: "Intro" },
      nextStepsHistory: [],
      team: [],
      customerContacts: [],
      expectedSpend: [],
      related: { awsProducts: [], solutions: [] },
    };
    expect(stateOf({ opportunity, aws })).toEqual({
      id: "O1",
      catalog: "AWS",
      lastModifiedAt: "2026-03-01T10:00:00.000Z",
      stage: "Qualified",
      reviewStatus: "Approved",
      team: ["alex@example.com"],
      aws: { nextSteps: "Intro" },
    });
    expect(stateOf({ opportunity }).aws).toBeNull();
    expect(stateOf({ opportunity, awsError: "denied" })).not.toHaveProperty("aws");
  });

  it("reads back what it wrote, and counts what it cannot read as never seen", () => {
    expect(parseState(serialiseState(seen))).toEqual(seen);
    expect(parseState("not json")).toBeUndefined();
    expect(parseState('{"id":1}')).toBeUndefined();
  });
});
