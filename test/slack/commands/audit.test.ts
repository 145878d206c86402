import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartnerCentral } from "../../../src/partnercentral/index.ts";
import { Approvers } from "../../../src/slack/approvers.ts";
import { type AnswerContext, answerCommand, answerPage } from "../../../src/slack/commands/answers.ts";
import type { ActionClaim, Store } from "../../../src/store/index.ts";
import { NOW } from "../../fixtures/invitations.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";
import { memoryStore } from "../../helpers/memory-store.ts";

const HOUR_MS = 3_600_000;
let store: Store;
let clock = new Date(NOW.getTime() - 20 * HOUR_MS);

const claimOf = (i: number, overrides: Partial<ActionClaim> = {}): ActionClaim => ({
  key: `engagement:AWS:engi-${String(i).padStart(13, "0")}`,
  invitationKind: "engagement",
  invitationId: `engi-${String(i).padStart(13, "0")}`,
  catalog: "AWS",
  title: `Project <${String(i).padStart(2, "0")}>`,
  action: "accept",
  userId: "U0APPROVER1",
  ...overrides,
});

/** An hour later on the store's clock. */
const later = () => {
  clock = new Date(clock.getTime() + HOUR_MS);
};

beforeAll(async () => {
  store = await memoryStore(() => clock);
  // Invitation 11 first: U0GROUPMEM1 could not accept it, then the approver did.
  await store.decisions.claim(claimOf(11, { userId: "U0GROUPMEM1" }));
  await store.decisions.finish(claimOf(11).key, {
    status: "failed",
    detail: "Partner Central is throttling",
  });
  later();
  await store.decisions.claim(claimOf(11));
  await store.decisions.finish(claimOf(11).key, {
    status: "succeeded",
    resultId: "O1011",
    awsRequestId: "r",
  });
  // Then ten accepted, one an hour; the newest is one Partner Central is still accepting.
  for (let i = 10; i >= 1; i--) {
    later();
    await store.decisions.claim(claimOf(i, i === 3 ? { title: undefined } : {}));
    await store.decisions.finish(claimOf(i).key, {
      status: "succeeded",
      resultId: `O${1000 + i}`,
      awsRequestId: `req-${i}`,
    });
  }
  later();
  await store.decisions.claim(claimOf(0));
  await store.decisions.recordTask(claimOf(0).key, 1, { taskId: "task-0", awsRequestId: "req-0" });
  clock = NOW;
});
afterAll(async () => {
  await store.close();
});

/** The audit needs nothing from Partner Central: each attempt keeps its title. */
const noPartnerCentral = new Proxy({} as PartnerCentral, {
  get: () => {
    throw new Error("the audit log called Partner Central");
  },
});

function context(mayApprove: boolean): AnswerContext {
  return {
    store,
    partnerCentral: noPartnerCentral,
    now: NOW,
    mayApprove: async () => mayApprove,
    approvers: new Approvers(["U0APPROVER1"], undefined, () => NOW),
  } as unknown as AnswerContext;
}

describe("audit", () => {
  it("is a timeline of every attempt: what, who, outcome, when and opportunity, newest first, ten a page", async () => {
    const first = await answerCommand({ kind: "audit", days: 7 }, context(true));
    const sections = first.blocks.filter((b) => b.type === "section").map((b) => JSON.stringify(b));
    expect(sections).toHaveLength(10);
    expect(sections[0]).toContain("*Project &lt;00&gt;* · Engagement invitation `engi-0000000000000` · AWS");
    expect(sections[0]).toContain(
      "<@U0APPROVER1> accepted this invitation; Partner Central is still accepting it",
    );
    expect(sections[1]).toMatch(
      /Accepted by <@U0APPROVER1> · <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]+> · opportunity `O1001`/,
    );
    expect(sections[3]).toContain('"text":"Engagement invitation `engi-0000000000003`');
    expect(JSON.stringify(first.blocks)).toContain("request id `req-0`");
    expect(first.text).toContain("1–10");
    expectWithinSlackLimits(first);
    expectNothingUnescaped(first, { mentioned: ["U0APPROVER1"] });
    expect(first.next).toBeDefined();

    const second = await answerPage(first.next as NonNullable<typeof first.next>, context(true));
    expect(second.text).toContain("11–13");
    const older = second.blocks.filter((b) => b.type === "section").map((b) => JSON.stringify(b));
    expect(older[1]).toMatch(/Accepted by <@U0APPROVER1> .* opportunity `O1011`/);
    expect(older[2]).toContain(
      "<@U0GROUPMEM1> could not accept this invitation: Partner Central is throttling",
    );
    expect(older[2]).not.toContain("Try again");
    expect(JSON.stringify(second.blocks)).toContain("attempt 2");
    expect(second.next).toBeUndefined();
    expect(second.previous).toBeDefined();
  });

  it("is for approvers only", async () => {
    const refused = await answerCommand({ kind: "audit", days: 7 }, context(false));
    expect(refused.text).toMatch(/Only <@U0APPROVER1> can see the audit log of invitations/);
  });
});
