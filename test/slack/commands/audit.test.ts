import { describe, expect, it } from "vitest";
import { PartnerCentralError } from "../../../src/partnercentral/errors.ts";
import { Approvers } from "../../../src/slack/approvers.ts";
import { type AnswerContext, answerCommand, answerPage } from "../../../src/slack/commands/answers.ts";
import type { ActionRecord } from "../../../src/store/index.ts";
import { NOW } from "../../fixtures/invitations.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";

/** Twelve decisions, newest first, as the store lists them; the fourth was about one AWS no longer has. */
const records: ActionRecord[] = Array.from({ length: 12 }, (_, i) => ({
  key: `engagement:AWS:engi-${String(i).padStart(13, "0")}`,
  invitationKind: "engagement",
  invitationId: `engi-${String(i).padStart(13, "0")}`,
  catalog: "AWS",
  action: "accept",
  userId: "U0APPROVER1",
  status: "succeeded",
  resultId: `O${1000 + i}`,
  awsRequestId: `req-${i}`,
  attempts: 1,
  createdAt: new Date(NOW.getTime() - i * 3_600_000),
  finishedAt: new Date(NOW.getTime() - i * 3_600_000),
}));

function context(mayApprove: boolean): AnswerContext {
  return {
    store: { decisions: { list: async (_since: Date, limit: number) => records.slice(0, limit) } },
    partnerCentral: {
      engagements: {
        get: async (_catalog: string, id: string) => {
          if (id.endsWith("3")) throw new PartnerCentralError("NotFound", "gone", "GetEngagementInvitation");
          return {
            kind: "engagement",
            id,
            catalog: "AWS",
            title: `Project <${id.slice(-2)}>`,
            counterpart: {},
            expiryDerived: false,
            brief: { customerName: "Acme Health", expectedSpend: [] },
          };
        },
      },
    },
    now: NOW,
    mayApprove: async () => mayApprove,
    approvers: new Approvers(["U0APPROVER1"], undefined, () => NOW),
  } as unknown as AnswerContext;
}

describe("audit", () => {
  it("is a timeline of what, who, outcome, when and opportunity, newest first, ten a page", async () => {
    const first = await answerCommand({ kind: "audit", days: 7 }, context(true));
    const sections = first.blocks.filter((b) => b.type === "section").map((b) => JSON.stringify(b));
    expect(sections).toHaveLength(10);
    // Named as the rows name it: customer and project.
    expect(sections[0]).toContain(
      "*Acme Health* · Project &lt;00&gt; · Engagement invitation `engi-0000000000000` · AWS",
    );
    expect(sections[0]).toMatch(
      /Accepted by <@U0APPROVER1> · <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]+> · opportunity `O1000`/,
    );
    expect(sections[3]).toContain("*Engagement invitation* `engi-0000000000003`");
    expect(JSON.stringify(first.blocks)).toContain("request id `req-0`");
    expect(first.text).toContain("1–10");
    expectWithinSlackLimits(first);
    expectNothingUnescaped(first, { mentioned: ["U0APPROVER1"] });
    expect(first.next).toBeDefined();
    const second = await answerPage(first.next as NonNullable<typeof first.next>, context(true));
    expect(second.text).toContain("11–12");
    expect(second.next).toBeUndefined();
    expect(second.previous).toBeDefined();
  });

  it("is for approvers only", async () => {
    const refused = await answerCommand({ kind: "audit", days: 7 }, context(false));
    expect(refused.text).toMatch(/Only <@U0APPROVER1> can see the audit log of invitations/);
  });
});
