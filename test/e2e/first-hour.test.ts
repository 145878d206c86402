import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { ACTION, VIEW } from "../../src/slack/ids.ts";
import { expectWithinSlackLimits } from "../helpers/block-kit.ts";
import { APPROVER, CHANNEL, GROUP_MEMBER, type Harness, startHarness, VIEWER } from "../helpers/harness.ts";
import { findButton, findMenuOption, messageJson, runCommand, shownInvitationIds } from "../helpers/slack.ts";

/** What people met in their first hour with the app, each driven through the real app. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ proxy: true, emulator: { taskCompletionMs: 50 } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
});
afterEach(() => {
  h.proxy?.rewriteItems(undefined);
  h.proxy?.shortPages(undefined);
});

type Block = { type: string; block_id?: string; text?: { text?: string }; [key: string]: unknown };

const rowText = (message: { blocks: unknown[] }, ref: string) =>
  (message.blocks as Block[]).find((b) => b.block_id === `inv:${ref}`)?.text?.text ?? "";

async function waitForText(message: StandinMessage, pattern: RegExp) {
  return h.standin.waitFor(() => {
    const current = h.standin.message(CHANNEL, message.ts);
    return current && pattern.test(messageJson(current)) ? current : undefined;
  }, 15_000);
}

function click(message: StandinMessage, userId: string, actionId: string, ref: string) {
  return h.standin.clickButton({
    userId,
    channelId: CHANNEL,
    messageTs: message.ts,
    actionId,
    value: findButton(message, actionId, ref)?.value,
  });
}

/** Chooses an option of an invitation's overflow menu, as shown now. */
async function chooseInMenu(message: StandinMessage, userId: string, actionId: string, ref: string) {
  const found = findMenuOption(h.standin.message(CHANNEL, message.ts) ?? message, actionId, ref);
  expect(found, `${actionId} for ${ref}`).toBeDefined();
  return h.standin.clickButton({
    userId,
    channelId: CHANNEL,
    messageTs: message.ts,
    actionId: ACTION.more,
    blockId: found?.blockId,
    value: found?.value,
  });
}

const OUTCOME =
  /\n:white_check_mark: Accepted by <@U0APPROVER1> · <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]+> · opportunity `O\d+`$/;

describe("Details on a connection row", () => {
  it("opens the connection's details instead of refusing the button", async () => {
    const list = await runCommand(h.standin, "connections");
    const button = findButton(list, ACTION.connectionDetails);
    expect(button).toBeDefined();
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: list.ts,
      actionId: ACTION.connectionDetails,
      value: button?.value,
    });
    const modal = await h.standin.waitFor(() => {
      const view = h.standin.openViews(APPROVER).at(-1);
      return view && JSON.stringify(view.view.blocks).includes("connection `pac-") ? view : undefined;
    });
    expect(JSON.stringify(modal.view.blocks)).toContain("Open Partner Central home");
    expect(h.standin.messages(CHANNEL).some((m) => m.text.includes("part of this message"))).toBe(false);
  });
});

describe("invitations whose optional fields AWS left out", () => {
  it("takes the status and role the request asked for, and offers no buttons on accepted or sent ones", async () => {
    h.proxy?.rewriteItems((item, operation) => {
      if (operation !== "ListEngagementInvitations") return;
      delete item.Status;
      delete item.ParticipantType;
    });
    const accepted = await runCommand(h.standin, "engagements status=accepted");
    expect(shownInvitationIds(accepted).length).toBeGreaterThan(0);
    expect(messageJson(accepted)).not.toContain("Pending");
    expect(messageJson(accepted)).toContain("Accepted");
    expect(findButton(accepted, ACTION.accept)).toBeUndefined();
    const sent = await runCommand(h.standin, "engagements role=sender status=pending");
    expect(shownInvitationIds(sent).length).toBeGreaterThan(0);
    expect(findButton(sent, ACTION.accept)).toBeUndefined();
    expect(findButton(sent, ACTION.reject)).toBeUndefined();
    const mixed = await runCommand(h.standin, "engagements status=pending,accepted");
    expect(findButton(mixed, ACTION.accept)).toBeUndefined();
    expect(messageJson(mixed)).toContain("Status not given");
  });

  it("shows a participant type from a newer model as it is, without buttons", async () => {
    const invitation = h.emulator.addConnectionInvitation();
    h.proxy?.rewriteItems((item) => {
      if (item.Id === invitation.Id) item.ParticipantType = "OBSERVER";
    });
    const list = await runCommand(h.standin, "invitations");
    const ref = `connection:AWS:${invitation.Id}`;
    expect(rowText(list, ref)).toContain("OBSERVER");
    expect(findButton(list, ACTION.accept, ref)).toBeUndefined();
    expect(findButton(list, ACTION.reject, ref)).toBeUndefined();
  });
});

describe("short AWS pages", () => {
  const rangeOf = (message: StandinMessage) => /· (\d+)–(\d+)/.exec(messageJson(message))?.slice(1, 3);

  async function turn(message: StandinMessage, actionId: string): Promise<StandinMessage> {
    const before = messageJson(h.standin.message(CHANNEL, message.ts) ?? message);
    await h.standin.clickButton({ userId: APPROVER, channelId: CHANNEL, messageTs: message.ts, actionId });
    return h.standin.waitFor(() => {
      const current = h.standin.message(CHANNEL, message.ts);
      return current && messageJson(current) !== before ? current : undefined;
    });
  }

  it("fills each page of ten from as many AWS pages as it takes, numbers what it showed, and goes back", async () => {
    const whole = await runCommand(h.standin, "engagements status=all");
    const expected = shownInvitationIds(whole);
    const second = shownInvitationIds(await turn(whole, ACTION.nextPage));
    h.proxy?.shortPages(3);
    const first = await runCommand(h.standin, "engagements status=all");
    expect(shownInvitationIds(first)).toEqual(expected);
    expect(rangeOf(first)).toEqual(["1", "10"]);
    const next = await turn(first, ACTION.nextPage);
    expect(shownInvitationIds(next)).toEqual(second);
    expect(rangeOf(next)).toEqual(["11", "20"]);
    const back = await turn(next, ACTION.previousPage);
    expect(shownInvitationIds(back)).toEqual(expected);
    expect(rangeOf(back)).toEqual(["1", "10"]);
    expect(findButton(back, ACTION.previousPage)).toBeUndefined();
  });

  it("goes on past an empty AWS page that has a token", async () => {
    h.proxy?.shortPages(4, { emptyFirst: true });
    const first = await runCommand(h.standin, "engagements status=all");
    expect(messageJson(first)).not.toContain("Nothing matches");
    expect(shownInvitationIds(first)).toHaveLength(10);
    expect(rangeOf(first)).toEqual(["1", "10"]);
  });
});

describe("a decided row", () => {
  it("has its status replaced by the outcome, and no buttons, in an answer", async () => {
    const invitation = h.emulator.addEngagementInvitation();
    const ref = `engagement:AWS:${invitation.Id}`;
    const message = await runCommand(h.standin, `engagements engagement=${invitation.EngagementId}`);
    expect(rowText(message, ref)).toContain("Pending");
    await click(message, APPROVER, ACTION.accept, ref);
    const decided = await waitForText(message, /Accepted by/);
    expect(rowText(decided, ref)).toMatch(OUTCOME);
    expect(rowText(decided, ref)).not.toMatch(/Pending|expires in/);
    expect(findButton(decided, ACTION.accept, ref)).toBeUndefined();
    expect(findButton(decided, ACTION.reject, ref)).toBeUndefined();
    expect(findMenuOption(decided, ACTION.details, ref)).toBeDefined();
    const audit = await runCommand(h.standin, "audit");
    const newest = (audit.blocks as Block[]).find((b) => b.type === "section")?.text?.text ?? "";
    // Named as its row is: by its customer and project.
    const { Customer } =
      "OpportunityInvitation" in invitation.Payload
        ? invitation.Payload.OpportunityInvitation
        : invitation.Payload.LeadInvitation;
    expect(newest).toMatch(
      new RegExp(`^\\*${Customer.CompanyName} · .+\\* · Engagement invitation \`${invitation.Id}\``),
    );
    expect(newest).toMatch(/Accepted by <@U0APPROVER1> · .* · opportunity `O\d+`/);
  });

  it("has its status replaced by the outcome in the digest too", async () => {
    const invitation = h.emulator.addEngagementInvitation({
      InvitationDate: new Date(Date.now() - 14.8 * 86_400_000),
      ExpirationDate: new Date(Date.now() + 5 * 3_600_000),
    });
    const ref = `engagement:AWS:${invitation.Id}`;
    await runCommand(h.standin, "digest now");
    const digest = await h.standin.waitFor(() =>
      h.standin.messages(CHANNEL).find((m) => !m.ephemeralFor && JSON.stringify(m.blocks).includes(ref)),
    );
    await click(digest, APPROVER, ACTION.accept, ref);
    const decided = await waitForText(digest, /Accepted by/);
    expect(rowText(decided, ref)).toMatch(OUTCOME);
    expect(rowText(decided, ref)).not.toContain("expires in");
    expect(findButton(decided, ACTION.accept, ref)).toBeUndefined();
  });
});

describe("one click to act", () => {
  it("shows someone who may not act no decisions, one line naming who can, and Details in the menu", async () => {
    const invitation = h.emulator.addEngagementInvitation();
    const ref = `engagement:AWS:${invitation.Id}`;
    const message = await runCommand(h.standin, `engagements engagement=${invitation.EngagementId}`, {
      userId: VIEWER,
    });
    expect(findButton(message, ACTION.accept, ref)).toBeUndefined();
    expect(findButton(message, ACTION.reject, ref)).toBeUndefined();
    expect(messageJson(message).match(/<!subteam\^S0APPROVERS>/g)).toHaveLength(1);
    expectWithinSlackLimits(message);
    await chooseInMenu(message, VIEWER, ACTION.details, ref);
    await h.standin.waitFor(() => {
      const view = h.standin.openViews(VIEWER).at(-1);
      return view && JSON.stringify(view.view.blocks).includes("Business problem");
    });
  });

  it("rejects with its red button, and the connection invitation's form names its partner and its reason optional once, capped", async () => {
    const invitation = h.emulator.addConnectionInvitation();
    const ref = `connection:AWS:${invitation.Id}`;
    const message = await runCommand(h.standin, "invitations status=pending role=receiver");
    expect(findButton(message, ACTION.reject, ref)).toMatchObject({ style: "danger" });
    await click(message, APPROVER, ACTION.reject, ref);
    const modal = await h.standin.waitFor(() =>
      h.standin.openViews(APPROVER).findLast((v) => v.view.callback_id === VIEW.reject),
    );
    const input = (modal.view.blocks as Block[]).find((b) => b.type === "input") as
      | { label: { text: string }; optional?: boolean; element: { max_length?: number } }
      | undefined;
    expect(input?.optional).toBe(true);
    expect(input?.label.text).not.toMatch(/optional/i);
    expect(input?.element.max_length).toBe(256);
    const partner = h.emulator.state.partners.get(invitation.OtherParticipantIdentifier)?.CompanyName;
    expect(JSON.stringify(modal.view.blocks)).toMatch(
      new RegExp(`>\\*${partner}\\* · (Opportunity collaboration|Subsidiary) connection`),
    );
    await h.standin.submitView({
      userId: APPROVER,
      viewId: modal.id,
      values: { reason_text: { reason_text: "Not this year" } },
    });
    const decided = await waitForText(message, /Rejected by/);
    expect(rowText(decided, ref)).toMatch(/\n:x: Rejected by <@U0APPROVER1> · .* · “Not this year”$/);
    expect(h.emulator.state.connectionInvitations.get(invitation.Id)?.Status).toBe("REJECTED");
  });

  it("lists what waits for an answer urgent first, under urgency headings", async () => {
    const soon = h.emulator.addEngagementInvitation({
      InvitationDate: new Date(Date.now() - 14.8 * 86_400_000),
      ExpirationDate: new Date(Date.now() + 4 * 3_600_000),
    });
    const message = await runCommand(h.standin, "engagements");
    expect(messageJson(message)).toContain("soonest to expire first");
    const blocks = message.blocks as Block[];
    const firstRow = blocks.findIndex((b) => b.block_id?.startsWith("inv:"));
    expect(blocks[firstRow - 1]?.text?.text).toMatch(/:rotating_light: \*Expires within 24 hours\*/);
    expect(shownInvitationIds(message)).toContain(soon.Id);
  });
});

describe("App Home after a decision", () => {
  it("keeps the decided row, marked with the outcome and the opportunity, until the next refresh", async () => {
    const invitation = h.emulator.addEngagementInvitation({
      InvitationDate: new Date(Date.now() - 14.95 * 86_400_000),
      ExpirationDate: new Date(Date.now() + 3_600_000),
    });
    const ref = `engagement:AWS:${invitation.Id}`;
    await h.standin.openHome(APPROVER);
    const home = await h.standin.waitFor(() => {
      const view = h.standin.homeView(APPROVER);
      return view && findButton({ blocks: view.view.blocks }, ACTION.accept, ref) ? view : undefined;
    }, 15_000);
    const before = h.standin.callsTo("views.publish").length;
    await h.standin.clickButton({
      userId: APPROVER,
      viewId: home.id,
      actionId: ACTION.accept,
      value: findButton({ blocks: home.view.blocks }, ACTION.accept, ref)?.value,
    });
    // Under way, then the outcome, then the list Partner Central gives after it.
    await h.standin.waitFor(() => h.standin.callsTo("views.publish").length >= before + 3, 15_000);
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("ACCEPTED");
    const blocks = h.standin.homeView(APPROVER)?.view.blocks ?? [];
    expect(rowText({ blocks }, ref)).toMatch(OUTCOME);
    expect(findButton({ blocks }, ACTION.accept, ref)).toBeUndefined();
  });
});

describe("names instead of numbers", () => {
  it("names a connection invitation's partner, known from our connections, and shows the invitation's id", async () => {
    const connection = [...h.emulator.state.connections.values()].find((c) => c.Catalog === "AWS");
    const partner = h.emulator.state.partners.get(connection?.OtherParticipantAccountId ?? "");
    expect(partner).toBeDefined();
    const invitation = h.emulator.addConnectionInvitation({
      OtherParticipantIdentifier: partner?.AwsAccountId,
    });
    const list = await runCommand(h.standin, "invitations");
    const row = rowText(list, `connection:AWS:${invitation.Id}`);
    expect(row.split("\n")[0]).toMatch(
      new RegExp(`^\\*${partner?.CompanyName}\\* · (Opportunity collaboration|Subsidiary) connection$`),
    );
    expect(row).toContain(`\`${invitation.Id}\``);
    const one = await runCommand(h.standin, `invitation ${invitation.Id}`);
    expect(messageJson(one)).toContain(`*${partner?.CompanyName}*`);
  });
});

describe("Details", () => {
  async function openDetails(userId: string) {
    const invitation = h.emulator.addEngagementInvitation();
    const ref = `engagement:AWS:${invitation.Id}`;
    const message = await runCommand(h.standin, `engagements engagement=${invitation.EngagementId}`, {
      userId,
    });
    await chooseInMenu(message, userId, ACTION.details, ref);
    const modal = await h.standin.waitFor(() =>
      h.standin
        .openViews(userId)
        .findLast(
          (v) => JSON.stringify(v.view.blocks).includes("Business problem") && v.view.blocks.length > 2,
        ),
    );
    return { invitation, ref, modal };
  }

  it("opens with Accept for approvers, and shows the outcome in place once accepted", async () => {
    const { invitation, ref, modal } = await openDetails(APPROVER);
    expect(findButton({ blocks: modal.view.blocks }, ACTION.reject, ref)).toBeDefined();
    await h.standin.clickButton({
      userId: APPROVER,
      viewId: modal.id,
      actionId: ACTION.accept,
      value: findButton({ blocks: modal.view.blocks }, ACTION.accept, ref)?.value,
    });
    const updated = await h.standin.waitFor(() => {
      const view = h.standin.openViews(APPROVER).find((v) => v.id === modal.id);
      return view && /Accepted by <@U0APPROVER1>/.test(JSON.stringify(view.view.blocks)) ? view : undefined;
    }, 15_000);
    expect(findButton({ blocks: updated.view.blocks }, ACTION.accept, ref)).toBeUndefined();
    expect(JSON.stringify(updated.view.blocks)).toContain("Open Partner Central home");
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("ACCEPTED");
  });

  // Slack keeps at most three views in a stack; the approver's earlier tests left theirs open.
  it("rejects from Details through a form on top of it", async () => {
    const { invitation, ref, modal } = await openDetails(GROUP_MEMBER);
    await h.standin.clickButton({
      userId: GROUP_MEMBER,
      viewId: modal.id,
      actionId: ACTION.reject,
      value: findButton({ blocks: modal.view.blocks }, ACTION.reject, ref)?.value,
    });
    const form = await h.standin.waitFor(() =>
      h.standin.openViews(GROUP_MEMBER).findLast((v) => v.view.callback_id === VIEW.reject),
    );
    await h.standin.submitView({
      userId: GROUP_MEMBER,
      viewId: form.id,
      values: { reason_choice: { reason_choice: "Unable to support" } },
    });
    await h.standin.waitFor(() => {
      const view = h.standin.openViews(GROUP_MEMBER).find((v) => v.id === modal.id);
      return view && JSON.stringify(view.view.blocks).includes(`Rejected by <@${GROUP_MEMBER}>`);
    }, 15_000);
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("REJECTED");
  });

  it("opens without decisions for someone who may not act", async () => {
    const { ref, modal } = await openDetails(VIEWER);
    expect(findButton({ blocks: modal.view.blocks }, ACTION.accept, ref)).toBeUndefined();
    expect(JSON.stringify(modal.view.blocks)).toContain("Open Partner Central home");
  });
});

describe("help that helps", () => {
  it("asks whether a typo meant a subcommand", async () => {
    const answer = await runCommand(h.standin, "engagments", { userId: VIEWER });
    expect(answer.text).toContain("`engagments` is not a subcommand. Did you mean `engagements`?");
  });
});
