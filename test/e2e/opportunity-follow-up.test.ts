import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OpportunityRecord } from "../../dev/emulator/index.ts";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../helpers/block-kit.ts";
import {
  APPROVER,
  APPROVER_EMAIL,
  CHANNEL,
  type Harness,
  startHarness,
  VIEWER,
  VIEWER_EMAIL,
} from "../helpers/harness.ts";
import {
  clickAsShown,
  findButton,
  findMenuOption,
  messageJson,
  runCommand,
  waitForMessageText,
} from "../helpers/slack.ts";

/**
 * After Accept, the deal: the accepted invitation opens its opportunity wherever it is shown, approvers
 * assign it and change its next steps from Slack, and what AWS changes is posted once.
 */

const DECISIONS = { taskWaitMs: 400, taskPollMs: 20, followMs: 100 };
const EVENTS = { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1h" };
const HOSTILE = "<!channel> & <@U0VIEWER001>";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    events: true,
    env: EVENTS,
    decisions: DECISIONS,
    opportunities: { readsPerSecond: 200 },
    emulator: {
      taskCompletionMs: 30,
      seed: { opportunities: 4 },
      partnerUsers: [
        { Email: APPROVER_EMAIL, FirstName: "Alex", LastName: "Approver", BusinessTitle: "Alliance lead" },
      ],
    },
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
});

const refOf = (id: string) => `engagement:AWS:${id}`;
const calls = (operation: string) => h.emulator.calls.filter((c) => c.operation === operation);
const channelPosts = () => h.standin.messages(CHANNEL).filter((m) => !m.ephemeralFor);
const postsAbout = (id: string) => channelPosts().filter((m) => m.text.includes(`(${id})`));
const toldTo = (userId: string, since: number) =>
  h.standin
    .messages(CHANNEL)
    .slice(since)
    .filter((m) => m.ephemeralFor === userId)
    .map((m) => m.text)
    .join("\n");

/** An approved opportunity in the Qualified stage, with its next steps; no event is published. */
function opportunity(partial: Partial<OpportunityRecord> = {}): OpportunityRecord {
  const o = h.emulator.addOpportunity();
  Object.assign(o, {
    Project: { ...o.Project, Title: "Data lake modernization" },
    LifeCycle: { ...o.LifeCycle, ReviewStatus: "Approved", Stage: "Qualified", NextSteps: "Call the CTO" },
    ...partial,
  });
  return o;
}

/** A new invitation, announced in the alert channel by its event. */
async function announced() {
  const invitation = h.emulator.newEngagementInvitation();
  const alert = await h.standin.waitFor(() =>
    channelPosts().find((m) => findButton(m, ACTION.accept, refOf(invitation.Id))),
  );
  return { invitation, alert };
}

/** Chooses an option of a channel message's menu as the user would. */
async function choose(message: StandinMessage, userId: string, actionId: string, ref: string) {
  const option = findMenuOption(h.standin.message(CHANNEL, message.ts) ?? message, actionId, ref);
  expect(option).toBeDefined();
  await h.standin.clickButton({
    userId,
    channelId: CHANNEL,
    messageTs: message.ts,
    actionId: ACTION.more,
    blockId: option?.blockId ?? "",
    value: option?.value ?? "",
  });
}

const topView = (userId: string, pattern: RegExp) =>
  h.standin.waitFor(() => {
    const view = h.standin.openViews(userId).at(-1);
    return view && pattern.test(JSON.stringify(view.view)) ? view : undefined;
  }, 15_000);

/** Clicks a button of an ephemeral answer (its value carries the answer's key). */
function clickInAnswer(answer: StandinMessage, userId: string, actionId: string) {
  const current = h.standin.message(CHANNEL, answer.ts) ?? answer;
  return h.standin.clickButton({
    userId,
    channelId: CHANNEL,
    messageTs: answer.ts,
    actionId,
    value: findButton(current, actionId)?.value ?? "",
  });
}

/** The "Opportunity Updated" event Partner Central publishes, with this id (a redelivery keeps it). */
const updated = (id: string, eventId = randomUUID()) =>
  JSON.stringify({
    version: "1",
    id: eventId,
    source: "aws.partnercentral-selling",
    "detail-type": "Opportunity Updated",
    time: new Date().toISOString(),
    region: "us-east-1",
    account: h.emulator.accountId,
    detail: { schemaVersion: "1.0", catalog: "AWS", opportunity: { identifier: id } },
  });

describe("after Accept, the opportunity", () => {
  it("names the opportunity the accept task created, with View opportunity, in the alert and the answer alike", async () => {
    const { invitation, alert } = await announced();
    const answer = await runCommand(h.standin, `engagement ${invitation.Id}`);
    await clickAsShown(h.standin, alert, APPROVER, ACTION.accept, refOf(invitation.Id));
    const accepted = await waitForMessageText(
      h.standin,
      alert,
      /Accepted by <@U0APPROVER1>.*opportunity `O\d+`/,
    );
    const opportunityId = /opportunity `(O\d+)`/.exec(messageJson(accepted))?.[1] ?? "";
    const view = `AWS:${opportunityId}`;
    expect(findMenuOption(accepted, ACTION.viewOpportunity, view)).toBeDefined();
    expect(findButton(accepted, ACTION.accept)).toBeUndefined();
    const redrawn = await h.standin.waitFor(() => {
      const current = h.standin.message(CHANNEL, answer.ts);
      return current && findButton(current, ACTION.viewOpportunity, view) ? current : undefined;
    });
    expect(messageJson(redrawn)).toContain(`opportunity \`${opportunityId}\``);

    // Anyone opens it from the row's menu.
    await choose(accepted, VIEWER, ACTION.viewOpportunity, view);
    const details = await topView(VIEWER, new RegExp(`Opportunity \`${opportunityId}\``));
    expect(JSON.stringify(details.view)).toContain(invitation.EngagementTitle ?? "");
  });

  it("names it once an accept Partner Central was still running has finished", async () => {
    const { invitation, alert } = await announced();
    h.emulator.holdTasks();
    try {
      await clickAsShown(h.standin, alert, APPROVER, ACTION.accept, refOf(invitation.Id));
      const running = await waitForMessageText(h.standin, alert, /Partner Central is still accepting it/);
      expect(findMenuOption(running, ACTION.viewOpportunity)).toBeUndefined();
    } finally {
      h.emulator.releaseTasks();
    }
    const accepted = await waitForMessageText(
      h.standin,
      alert,
      /Accepted by <@U0APPROVER1>.*opportunity `O\d+`/,
    );
    const opportunityId = /opportunity `(O\d+)`/.exec(messageJson(accepted))?.[1] ?? "";
    expect(findMenuOption(accepted, ACTION.viewOpportunity, `AWS:${opportunityId}`)).toBeDefined();
    expect(h.emulator.state.opportunities.get(opportunityId)).toBeDefined();
  });

  it("shows a lead's engagement, which has no opportunity to open", async () => {
    const lead = h.emulator.newEngagementInvitation({ PayloadType: "LeadInvitation" });
    const alert = await h.standin.waitFor(() =>
      channelPosts().find((m) => findButton(m, ACTION.accept, refOf(lead.Id))),
    );
    await clickAsShown(h.standin, alert, APPROVER, ACTION.accept, refOf(lead.Id));
    const accepted = await waitForMessageText(h.standin, alert, /Accepted by <@U0APPROVER1>.*engagement `/);
    expect(findMenuOption(accepted, ACTION.viewOpportunity)).toBeUndefined();
  });
});

describe("acting on an opportunity from Slack", () => {
  it("assigns it to the approver who asks, once for a double click, and audits it", async () => {
    const o = opportunity();
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`);
    const since = h.standin.messages(CHANNEL).length;
    await Promise.all([
      clickInAnswer(answer, APPROVER, ACTION.assignToMe),
      clickInAnswer(answer, APPROVER, ACTION.assignToMe),
    ]);
    // One click assigns it; the other finds it done or under way.
    const told = await h.standin.waitFor(() => {
      const text = toldTo(APPROVER, since);
      const assigned =
        /Assigned \*Data lake modernization\* to Alex Approver &lt;alex\.approver@partner\.example&gt;/;
      return assigned.test(text) && /You (are already doing this|assigned)/.test(text) ? text : undefined;
    });
    expect(told).not.toMatch(/could not/);
    expect(calls("AssignOpportunity")).toHaveLength(1);
    expect(calls("AssignOpportunity")[0]?.input.Assignee).toEqual({
      Email: APPROVER_EMAIL,
      FirstName: "Alex",
      LastName: "Approver",
      BusinessTitle: "PartnerAccountManager",
    });
    const owner = h.emulator.state.opportunities.get(o.Id)?.OpportunityTeam?.[0];
    expect(owner).toMatchObject({ Email: APPROVER_EMAIL, BusinessTitle: "OpportunityOwner" });

    // The answer shows the new owner, with buttons for what it is now.
    await h.standin.waitFor(() => {
      const current = h.standin.message(CHANNEL, answer.ts);
      return current &&
        messageJson(current).includes("Alex Approver") &&
        findButton(current, ACTION.assignToMe)?.value !== findButton(answer, ACTION.assignToMe)?.value
        ? current
        : undefined;
    });
    const audit = messageJson(await runCommand(h.standin, "audit days=1"));
    expect(audit).toContain(`Opportunity \`${o.Id}\``);
    expect(audit).toMatch(
      /Assigned to “Alex Approver &lt;alex\.approver@partner\.example&gt;” by <@U0APPROVER1>/,
    );
    expect(audit).toMatch(/request id `/);
  });

  it("says plainly when Partner Central knows no user by the e-mail address of the one picked", async () => {
    const o = opportunity();
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`);
    await clickInAnswer(answer, APPROVER, ACTION.assignOpportunity);
    const form = await topView(APPROVER, /Who should own/);
    await h.standin.submitView({
      userId: APPROVER,
      viewId: form.id,
      values: { assignee: { assignee: VIEWER } },
    });
    const result = await topView(APPROVER, /did not take/);
    expect(JSON.stringify(result.view)).toContain(
      `Partner Central did not take ${VIEWER_EMAIL}: only the Partner Central users of your partner account can own an opportunity`,
    );
    expect(h.emulator.state.opportunities.get(o.Id)?.OpportunityTeam?.[0]?.Email).not.toBe(VIEWER_EMAIL);
    const audit = messageJson(await runCommand(h.standin, "audit days=1"));
    expect(audit).toMatch(
      /<@U0APPROVER1> could not assign it to “Sam Viewer &lt;sam\.viewer@partner\.example&gt;”/,
    );
  });

  it("changes the next steps alone, sent with the LastModifiedDate it read", async () => {
    const o = opportunity();
    const before = structuredClone(h.emulator.state.opportunities.get(o.Id));
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`);
    await clickInAnswer(answer, APPROVER, ACTION.updateNextSteps);
    const form = await topView(APPROVER, /Call the CTO/);
    await h.standin.submitView({
      userId: APPROVER,
      viewId: form.id,
      values: { next_steps: { next_steps: `Workshop on Friday ${HOSTILE}` } },
    });
    const result = await topView(APPROVER, /Saved the next steps/);
    expectNothingUnescaped(result.view, { mentioned: [] });
    const [update] = calls("UpdateOpportunity");
    expect(Date.parse(String(update?.input.LastModifiedDate))).toBe(before?.LastModifiedDate.getTime());
    const after = h.emulator.state.opportunities.get(o.Id);
    expect(after?.LifeCycle?.NextSteps).toBe(`Workshop on Friday ${HOSTILE}`);
    const rest = (r: OpportunityRecord | undefined) => {
      const { LastModifiedDate: _, LifeCycle, ...others } = structuredClone(r) as OpportunityRecord;
      const { NextSteps: _n, NextStepsHistory: _h, ...life } = LifeCycle ?? {};
      return { ...others, life };
    };
    expect(rest(after)).toEqual(rest(before));
    // The answer shows them.
    await h.standin.waitFor(() =>
      messageJson(h.standin.message(CHANNEL, answer.ts) ?? answer).includes("Workshop on Friday"),
    );
  });

  it("overwrites nothing when it changed in Partner Central meanwhile, and says so", async () => {
    const o = opportunity();
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`);
    await clickInAnswer(answer, APPROVER, ACTION.updateNextSteps);
    const form = await topView(APPROVER, /Call the CTO/);
    const record = h.emulator.state.opportunities.get(o.Id) as OpportunityRecord;
    record.LastModifiedDate = new Date(record.LastModifiedDate.getTime() + 60_000);
    record.LifeCycle = { ...record.LifeCycle, NextSteps: "Someone else's plan" };
    await h.standin.submitView({
      userId: APPROVER,
      viewId: form.id,
      values: { next_steps: { next_steps: "My plan" } },
    });
    const result = await topView(APPROVER, /changed in Partner Central meanwhile/);
    expect(JSON.stringify(result.view)).toMatch(/nothing was overwritten/);
    expect(JSON.stringify(result.view)).toContain("My plan");
    expect(calls("UpdateOpportunity")).toHaveLength(0);
    expect(h.emulator.state.opportunities.get(o.Id)?.LifeCycle?.NextSteps).toBe("Someone else's plan");
  });

  it("tells an approver before any form opens that AWS's review forbids changing them now", async () => {
    const o = opportunity();
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`);
    const record = h.emulator.state.opportunities.get(o.Id) as OpportunityRecord;
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: "In review" };
    const since = h.standin.messages(CHANNEL).length;
    const views = h.standin.openViews(APPROVER).length;
    await clickInAnswer(answer, APPROVER, ACTION.updateNextSteps);
    await h.standin.waitFor(() => /cannot be changed now: AWS is reviewing it/.test(toldTo(APPROVER, since)));
    expect(h.standin.openViews(APPROVER)).toHaveLength(views);
    // Details drawn while it is in review offer no Update next steps at all.
    const shown = await runCommand(h.standin, `opportunity ${o.Id}`);
    expect(findButton(shown, ACTION.updateNextSteps)).toBeUndefined();
    expect(messageJson(shown)).toMatch(/next steps cannot be changed now/);
  });

  it("gives colleagues no action buttons and tells them who can act", async () => {
    const o = opportunity();
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`, { userId: VIEWER });
    for (const action of [ACTION.assignToMe, ACTION.assignOpportunity, ACTION.updateNextSteps]) {
      expect(findButton(answer, action)).toBeUndefined();
    }
    expect(messageJson(answer)).toContain(
      "Only <@U0APPROVER1> or members of <!subteam^S0APPROVERS> can assign opportunities or change their next steps.",
    );
  });
});

describe("told when it matters", () => {
  it("posts each change once, from events delivered twice and out of order", async () => {
    const o = opportunity({ Customer: { Account: { CompanyName: `Acme ${HOSTILE}` } } });
    // Seen once, as it was, by an event.
    h.emulator.queues.events.send(updated(o.Id));
    await h.standin.waitFor(() => calls("GetOpportunity").some((c) => c.input.Identifier === o.Id));
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`, { userId: VIEWER });
    h.emulator.requestActionOnOpportunity(o.Id, { comments: "Add the customer's website.", reason: "Other" });
    const asked = await h.standin.waitFor(() =>
      postsAbout(o.Id).find((m) => /AWS asks for action/.test(m.text)),
    );
    // The answer that shows it is redrawn in place, for the same reader.
    const redrawn = await h.standin.waitFor(() => {
      const current = h.standin.message(CHANNEL, answer.ts);
      return current && messageJson(current).includes("Add the customer") ? current : undefined;
    });
    expect(messageJson(redrawn)).toContain(":lock: Only <@U0APPROVER1>");
    expect(findButton(redrawn, ACTION.assignToMe)).toBeUndefined();
    expect(messageJson(asked)).toContain("Approved");
    expect(messageJson(asked)).toContain("Add the customer");
    expect(findButton(asked, ACTION.viewOpportunity, `AWS:${o.Id}`)).toBeDefined();
    expectNothingUnescaped(asked);
    expectWithinSlackLimits(asked);
    h.emulator.updateAwsNextSteps(o.Id, "Joint call with the AWS account team");
    await h.standin.waitFor(() => postsAbout(o.Id).find((m) => /AWS's next steps changed/.test(m.text)));

    // Delivered again, and an older event after the newer ones: nothing new to tell.
    const again = randomUUID();
    for (const body of [updated(o.Id, again), updated(o.Id, again), updated(o.Id)])
      h.emulator.queues.events.send(body);
    await h.standin.waitFor(() => h.emulator.queues.events.messages.length === 0 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(postsAbout(o.Id).map((m) => m.text.split(" (")[0])).toEqual([
      "AWS asks for action on Data lake modernization",
      "AWS's next steps changed on Data lake modernization",
    ]);
  });

  it("posts in the thread of the invitation's alert, shown in the channel too when AWS asks for action", async () => {
    const { invitation, alert } = await announced();
    await clickAsShown(h.standin, alert, APPROVER, ACTION.accept, refOf(invitation.Id));
    const accepted = await waitForMessageText(h.standin, alert, /opportunity `O\d+`/);
    const opportunityId = /opportunity `(O\d+)`/.exec(messageJson(accepted))?.[1] ?? "";
    // The opportunity's creation was seen first (its events).
    await h.standin.waitFor(() => calls("GetOpportunity").some((c) => c.input.Identifier === opportunityId));
    const record = h.emulator.state.opportunities.get(opportunityId) as OpportunityRecord;
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: "In review" };
    h.emulator.requestActionOnOpportunity(opportunityId);
    const reply = await h.standin.waitFor(() =>
      postsAbout(opportunityId).find((m) => /AWS asks for action/.test(m.text)),
    );
    expect(reply.threadTs).toBe(alert.ts);
    const broadcast = h.standin.callsTo("chat.postMessage").find((c) => c.args.thread_ts === alert.ts);
    expect(String(broadcast?.args.reply_broadcast)).toBe("true");
  });

  it("tells nothing of an opportunity first seen unless it waits on the team", async () => {
    const quiet = opportunity({ LifeCycle: { ReviewStatus: "In review", Stage: "Prospect" } });
    const waiting = opportunity({
      LifeCycle: { ReviewStatus: "Rejected", Stage: "Qualified", ReviewComments: "Duplicate of O1." },
    });
    h.emulator.queues.events.send(updated(quiet.Id));
    h.emulator.queues.events.send(updated(waiting.Id));
    await h.standin.waitFor(() => postsAbout(waiting.Id).find((m) => /AWS rejected/.test(m.text)));
    await h.standin.waitFor(() => calls("GetOpportunity").some((c) => c.input.Identifier === quiet.Id));
    expect(postsAbout(quiet.Id)).toEqual([]);
  });
});

describe("the digest and the App Home", () => {
  it("lists the opportunities that need action after the invitations in the digest", async () => {
    const o = opportunity();
    h.emulator.requestActionOnOpportunity(o.Id, { comments: "Fix the address.", reason: "Other" });
    await runCommand(h.standin, "digest now");
    const digest = await h.standin.waitFor(() =>
      channelPosts().findLast((m) => messageJson(m).includes("Opportunities that need action")),
    );
    expect(messageJson(digest)).toContain(o.Id);
    expectWithinSlackLimits(digest);
    expect(calls("ListOpportunities").length).toBeLessThanOrEqual(2);
  });

  it("shows each person their own opportunities and the team's that need action", async () => {
    // Action Required and long overdue: first among the approver's own and among what needs action.
    const mine = opportunity({
      OpportunityTeam: [
        { Email: APPROVER_EMAIL, FirstName: "Alex", LastName: "Approver", BusinessTitle: "OpportunityOwner" },
      ],
      LifeCycle: { ReviewStatus: "Action Required", Stage: "Qualified", TargetCloseDate: "2020-01-02" },
    });
    h.emulator.queues.events.send(updated(mine.Id));
    await h.standin.waitFor(() => calls("GetOpportunity").some((c) => c.input.Identifier === mine.Id));
    // Opened again until the app has kept what the event made it read.
    const home = await h.standin.waitFor(async () => {
      await h.standin.openHome(APPROVER);
      const view = h.standin.homeView(APPROVER);
      return view && JSON.stringify(view.view).includes(mine.Id) ? view : undefined;
    }, 15_000);
    const headers = home.view.blocks.flatMap((b) => (b.type === "header" ? [b.text.text] : []));
    const shownUnder = (header: string) => {
      const at = home.view.blocks.findIndex((b) => b.type === "header" && b.text.text === header);
      return JSON.stringify(home.view.blocks[at + 1]);
    };
    expect(headers).toEqual(expect.arrayContaining(["Your opportunities", "Opportunities that need action"]));
    expect(shownUnder("Your opportunities")).toContain(mine.Id);
    expect(shownUnder("Opportunities that need action")).toContain(mine.Id);
    await h.standin.openHome(VIEWER);
    const theirs = await h.standin.waitFor(() => h.standin.homeView(VIEWER));
    expect(JSON.stringify(theirs.view)).toMatch(
      /None of the open opportunities has sam\.viewer@partner\.example/,
    );
  });
});

describe("the polling safety net", () => {
  let polled: Harness;

  beforeAll(async () => {
    polled = await startHarness({
      env: { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1s" },
      opportunities: { readsPerSecond: 200 },
      emulator: { seed: { opportunities: 3 } },
    });
  });
  afterAll(async () => {
    await polled?.close();
  });

  it("finds what changed since its last look and posts each change once", async () => {
    const o = polled.emulator.addOpportunity();
    Object.assign(o, { LifeCycle: { ...o.LifeCycle, ReviewStatus: "In review", Stage: "Qualified" } });
    // The first look only records when it looked; one after it sees the opportunity as it is.
    await polled.standin.waitFor(
      () =>
        polled.emulator.calls.some((c) => c.operation === "GetOpportunity" && c.input.Identifier === o.Id),
      10_000,
    );
    polled.emulator.requestActionOnOpportunity(o.Id, {
      comments: "Name the customer's use case.",
      reason: "Other",
    });
    const posts = () =>
      polled.standin.messages(CHANNEL).filter((m) => !m.ephemeralFor && m.text.includes(`(${o.Id})`));
    await polled.standin.waitFor(() => posts().length > 0 || undefined, 10_000);
    const looks = polled.emulator.calls.filter((c) => c.operation === "ListOpportunities").length;
    await polled.standin.waitFor(
      () =>
        polled.emulator.calls.filter((c) => c.operation === "ListOpportunities").length >= looks + 2 ||
        undefined,
      10_000,
    );
    expect(posts().map((m) => m.text)).toEqual([expect.stringMatching(/^AWS asks for action/)]);
    const modifiedSince = polled.emulator.calls.filter(
      (c) => c.operation === "ListOpportunities" && c.input.LastModifiedDate,
    );
    expect(modifiedSince.length).toBeGreaterThan(0);
  });
});
