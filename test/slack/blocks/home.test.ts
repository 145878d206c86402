import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { HomeData } from "../../../src/home/service.ts";
import { invitationKey } from "../../../src/partnercentral/model.ts";
import { HOME_SECTIONS, type HomeSection, renderHome } from "../../../src/slack/blocks/home.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import type { ActionRecord } from "../../../src/store/index.ts";
import { connectionInvitation, engagement, NOW } from "../../fixtures/invitations.ts";
import { expectWithinSlackLimits } from "../../helpers/block-kit.ts";
import { findButton, shownInvitationIds } from "../../helpers/slack.ts";

const approver = { mayAct: true, approversText: "Only <@U0APPROVER1> can accept invitations." };
const colleague = { ...approver, mayAct: false };

const headers = (blocks: KnownBlock[]) => blocks.flatMap((b) => (b.type === "header" ? [b.text.text] : []));

/** The invitation ids listed under a header, up to the next one. */
function listedUnder(blocks: KnownBlock[], header: string): string[] {
  const start = blocks.findIndex((b) => b.type === "header" && b.text.text === header);
  if (start === -1) return [];
  const end = blocks.findIndex((b, n) => n > start && b.type === "header");
  return shownInvitationIds({ blocks: blocks.slice(start, end === -1 ? undefined : end) });
}

describe("the App Home", () => {
  const waitingOne = engagement({ expiresInHours: 5 });
  const decided = connectionInvitation({ expiresInHours: 2 });
  const record: ActionRecord = {
    key: invitationKey(decided),
    invitationKind: "connection",
    invitationId: decided.id,
    catalog: "AWS",
    action: "accept",
    userId: "U0APPROVER1",
    status: "succeeded",
    attempts: 1,
    createdAt: NOW,
    finishedAt: NOW,
  };
  const home: HomeData = {
    catalog: "AWS",
    now: NOW,
    waiting: {
      at: NOW,
      engagements: 1,
      connections: 0,
      byUrgency: { day: 1, threeDays: 0, later: 0 },
      soonest: [waitingOne],
      decided: [decided],
    },
    digests: [],
    decisions: new Map([[record.key, record]]),
    alertRefusals: [
      { channelId: "C0SALES0001", count: 2, updates: 0, since: NOW, dueAt: NOW, refusal: "not_in_channel" },
    ],
  };

  it("lists what waits under Expiring soonest and what was just decided apart, marked, with quick actions", () => {
    const { blocks } = renderHome(home, approver);
    expectWithinSlackLimits({ blocks: blocks as never }, 100);
    expect(headers(blocks)).toEqual(["Partner Central", "Expiring soonest", "Decided just now", "Digests"]);
    expect(listedUnder(blocks, "Expiring soonest")).toEqual([waitingOne.id]);
    expect(listedUnder(blocks, "Decided just now")).toEqual([decided.id]);
    expect(JSON.stringify(blocks)).toContain("Accepted by <@U0APPROVER1>");
    expect(findButton({ blocks }, ACTION.accept, invitationKey(decided))).toBeUndefined();
    for (const run of ["engagements", "expiring within=3", "help digest"]) {
      expect(findButton({ blocks }, ACTION.runCommand, run)).toBeDefined();
    }
    expect(JSON.stringify(blocks)).toContain("New-invitation alerts cannot be posted in <#C0SALES0001>");
  });

  it("shows a colleague no decisions and no notice of refusing channels", () => {
    const { blocks } = renderHome(home, colleague);
    expect(findButton({ blocks }, ACTION.accept)).toBeUndefined();
    expect(JSON.stringify(blocks)).not.toContain("cannot be posted");
  });

  it("shows no count before the first look has answered", () => {
    const { waiting: _, ...looking } = home;
    const { blocks } = renderHome(looking, approver);
    expect(JSON.stringify(blocks)).toContain("Asking Partner Central what is waiting for you");
    expect(JSON.stringify(blocks)).not.toContain("Pending invitations");
    expect(headers(blocks)).not.toContain("Expiring soonest");
  });

  it("is made of its sections in order, so a part is added by adding its section", () => {
    const extra: HomeSection = (data, viewer) => [
      { type: "section", text: { type: "mrkdwn", text: `${data.catalog} for ${viewer.mayAct}` } },
    ];
    const { blocks } = renderHome(home, approver, [...HOME_SECTIONS, extra]);
    expect(blocks.at(-2)).toEqual({ type: "section", text: { type: "mrkdwn", text: "AWS for true" } });
  });
});
