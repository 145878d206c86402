import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { ACTION, VIEW } from "../../src/slack/ids.ts";
import { expectNothingUnescaped } from "../helpers/block-kit.ts";
import { APPROVER, CHANNEL, decisionCalls, type Harness, startHarness, VIEWER } from "../helpers/harness.ts";
import { findButton, findMenuOption, runCommand, shownInvitationIds } from "../helpers/slack.ts";
import { HOSTILE_MARKUP } from "./hostile-input.ts";

const FORM = "application/x-www-form-urlencoded";
const NOT_IN_MESSAGE = /(not|no longer) part of this message/;

let h: Harness;
/** An approver's list: pending invitations with Accept / Reject / Details, and a Next page button. */
let list: StandinMessage;
/** Keys the store holds for other purposes, visible in button values and forms: tempting to swap in. */
let memoryKey: string;
let pageKey: string;
/** The remembered details message of an invitation the list does not show: buttons, no next page. */
let detailsKey: string;

beforeAll(async () => {
  h = await startHarness();
  list = await runCommand(h.standin, "engagements status=all");
  const accept = findButton(list, ACTION.accept)?.value ?? "";
  memoryKey = accept.split("|")[1] ?? "";
  pageKey = findButton(list, ACTION.nextPage)?.value ?? "";
  expect(memoryKey).not.toBe("");
  expect(pageKey).not.toBe("");
  const details = await runCommand(h.standin, `engagement ${hiddenInvitationId()}`);
  detailsKey = findButton(details, ACTION.accept)?.value?.split("|")[1] ?? "";
  expect(detailsKey).not.toBe("");
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
});

/** A pending received invitation the list does not show. */
function hiddenInvitationId(): string {
  const shown = new Set(shownInvitationIds(list));
  const hidden = [...h.emulator.state.engagementInvitations.values()].find(
    (i) =>
      i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER" && !shown.has(i.Id),
  );
  if (!hidden) throw new Error("the seed has no pending invitation beyond the first page");
  return hidden.Id;
}

/** Clicks in the approver's list with whatever action id and value, and returns the answer posted. */
async function click(actionId: string, value: string, userId = APPROVER): Promise<StandinMessage> {
  const before = new Set(h.standin.messages(CHANNEL).map((m) => m.ts));
  const sent = await h.standin.clickButton({
    userId,
    channelId: CHANNEL,
    messageTs: list.ts,
    actionId,
    blockId: "forged",
    value,
  });
  expect(sent.status, `${actionId} ${value}`).toBe(200);
  return h.standin.waitFor(() =>
    h.standin.messages(CHANNEL).find((m) => !before.has(m.ts) && m.ephemeralFor === userId),
  );
}

function sendPayload(payload: unknown) {
  const json = typeof payload === "string" ? payload : JSON.stringify(payload);
  return h.standin.sendSigned(`payload=${encodeURIComponent(json)}`, FORM);
}

const user = (id: string) => ({ id, username: id, name: id, team_id: "T0STANDIN" });

function viewSubmission(view: Record<string, unknown>, userId = APPROVER) {
  return {
    type: "view_submission",
    user: user(userId),
    api_app_id: "A0STANDIN",
    team: { id: "T0STANDIN", domain: "partnercentral-preview" },
    is_enterprise_install: false,
    trigger_id: "1.1.forged",
    view: { id: "V0FORGED", team_id: "T0STANDIN", type: "modal", blocks: [], state: { values: {} }, ...view },
    response_urls: [],
  };
}

/** Nothing changed at AWS and nothing posted in a channel (the app may answer whoever acted directly). */
async function expectNothingDone(): Promise<void> {
  expect(decisionCalls(h.emulator)).toEqual([]);
  expect(h.standin.callsTo("chat.postMessage").filter((c) => c.args.channel !== APPROVER)).toEqual([]);
  expect((await fetch(`http://127.0.0.1:${h.services.app.port}/healthz`)).status).toBe(200);
}

describe("tampered button clicks", () => {
  it("answers an action id the app never made with a clear notice", async () => {
    for (const actionId of ["no_such_action", "invitation_accept_all", "<!channel>"]) {
      const answer = await click(actionId, "engagement:AWS:engi-abcdefghijklm");
      expect(answer.text).toMatch(/not one this app knows/);
      expectNothingUnescaped(answer);
    }
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });

  it("refuses Accept, Reject and Cancel naming an invitation the message never showed", async () => {
    const hidden = `engagement:AWS:${hiddenInvitationId()}`;
    for (const actionId of [ACTION.accept, ACTION.reject, ACTION.cancel]) {
      for (const value of [hidden, `${hidden}|${memoryKey}`]) {
        const answer = await click(actionId, value);
        expect(answer.text, `${actionId} ${value}`).toMatch(NOT_IN_MESSAGE);
      }
    }
    expect(h.standin.openViews(APPROVER)).toEqual([]);
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });

  it("refuses a shown invitation whose message key was swapped for another stored record's", async () => {
    const shown = findButton(list, ACTION.accept)?.value?.split("|")[0] ?? "";
    for (const key of [detailsKey, "AAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd"]) {
      const answer = await click(ACTION.accept, `${shown}|${key}`);
      expect(answer.text, key).toMatch(NOT_IN_MESSAGE);
    }
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });

  it("refuses malformed and hostile values on every button without echoing them", async () => {
    const values = [
      "",
      "engagement:AWS:",
      "engagement:Prod:engi-abcdefghijklm",
      "x".repeat(2000),
      ...HOSTILE_MARKUP,
    ];
    for (const actionId of [ACTION.accept, ACTION.details, ACTION.connectionDetails, ACTION.showAll]) {
      for (const value of values) {
        const answer = await click(actionId, value);
        expect(answer.text.length, `${actionId} ${value}`).toBeGreaterThan(0);
        expect(answer.text, `${actionId} ${value}`).not.toMatch(/Something went wrong/);
        expectNothingUnescaped(answer);
      }
    }
    expect(h.standin.callsTo("views.open")).toEqual([]);
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });

  it("treats a Next page key that is forged or names another kind of record as an expired list", async () => {
    for (const value of [detailsKey, "AAAAAAAAAAAAAAAA", "<!channel>", "x".repeat(2000)]) {
      const answer = await click(ACTION.nextPage, value);
      expect(answer.text, value).toMatch(/This list has expired/);
    }
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });

  it("ignores a decision forged by someone who may not approve, before looking anything up", async () => {
    const viewerList = await runCommand(h.standin, "engagements", { userId: VIEWER });
    // Their answer offers no Accept; the value is a shown invitation's, with the answer's key.
    const value = findMenuOption(viewerList, ACTION.details)?.value.split(" ")[1] ?? "";
    expect(value).toMatch(/^engagement:AWS:engi-[0-9a-z]+\|/);
    h.emulator.resetCalls();
    const before = new Set(h.standin.messages(CHANNEL).map((m) => m.ts));
    await h.standin.clickButton({
      userId: VIEWER,
      channelId: CHANNEL,
      messageTs: viewerList.ts,
      actionId: ACTION.accept,
      blockId: "forged",
      value,
    });
    const answer = await h.standin.waitFor(() =>
      h.standin.messages(CHANNEL).find((m) => !before.has(m.ts) && m.ephemeralFor === VIEWER),
    );
    expect(answer.text).toMatch(NOT_IN_MESSAGE);
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });
});

describe("tampered overflow menus", () => {
  /** A menu choice as Slack would send it from the approver's list, with whatever option value. */
  function choose(value: string) {
    return sendPayload({
      type: "block_actions",
      user: user(APPROVER),
      api_app_id: "A0STANDIN",
      team: { id: "T0STANDIN", domain: "partnercentral-preview" },
      container: { type: "message", message_ts: list.ts, channel_id: CHANNEL, is_ephemeral: true },
      channel: { id: CHANNEL, name: "alliances" },
      trigger_id: "1.1.forged",
      response_url: list.responseUrl,
      actions: [
        {
          type: "overflow",
          action_id: ACTION.more,
          block_id: "forged",
          action_ts: "1.2",
          selected_option: { text: { type: "plain_text", text: "Reject…" }, value },
        },
      ],
    });
  }

  it("refuses options naming an invitation, an action or a message the list never showed", async () => {
    const hidden = `engagement:AWS:${hiddenInvitationId()}`;
    const shown = findButton(list, ACTION.reject)?.value ?? "";
    const before = h.standin.messages(CHANNEL).length;
    // Slack lets a response URL be used five times; the list's answer used it once.
    const values = [
      `${ACTION.reject} ${hidden}|${memoryKey}`,
      `${ACTION.details} ${hidden}|${memoryKey}`,
      `${ACTION.reject} ${shown.split("|")[0]}|${detailsKey}`,
      `${ACTION.accept} <!channel>`,
    ];
    for (const value of values) expect((await choose(value)).status, value).toBe(200);
    const answers = await h.standin.waitFor(() => {
      const found = h.standin.messages(CHANNEL).slice(before);
      return found.length >= values.length ? found : undefined;
    });
    for (const answer of answers) {
      expect(answer.text).toMatch(/(not|no longer) part of this message|not one this app knows/);
      expectNothingUnescaped(answer);
    }
    expect(h.standin.openViews(APPROVER)).toEqual([]);
    expect(h.emulator.calls).toEqual([]);
    await expectNothingDone();
  });
});

describe("tampered view submissions", () => {
  async function openRejectModal() {
    const button = findButton(list, ACTION.reject);
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: list.ts,
      actionId: ACTION.reject,
      blockId: button?.blockId,
      value: button?.value,
    });
    return h.standin.waitFor(() => h.standin.openViews(APPROVER).at(-1));
  }

  it("answers a form the app never opened with a notice instead of leaving Slack waiting", async () => {
    for (const callbackId of ["no_such_form", VIEW.details, "<!channel>"]) {
      const sent = await sendPayload(viewSubmission({ callback_id: callbackId, private_metadata: "" }));
      expect(sent.status, callbackId).toBe(200);
      const body = JSON.parse(sent.body) as { response_action?: string; view?: unknown };
      expect(body.response_action).toBe("update");
      expect(JSON.stringify(body.view)).toMatch(/not one this app knows/);
      expectNothingUnescaped(body.view);
    }
    await expectNothingDone();
  });

  it("refuses a reject form whose private_metadata was forged, or names another stored record", async () => {
    const modal = await openRejectModal();
    for (const metadata of [pageKey, memoryKey, "AAAAAAAAAAAAAAAA", "", "<!channel>", "x".repeat(3000)]) {
      const sent = await sendPayload(
        viewSubmission({ ...modal.view, private_metadata: metadata, state: { values: {} } }),
      );
      expect(sent.status, metadata).toBe(200);
      const body = JSON.parse(sent.body) as { response_action?: string; errors?: Record<string, string> };
      expect(body.response_action, metadata).toBe("errors");
      expect(Object.values(body.errors ?? {}).join(" "), metadata).toMatch(/This form has expired/);
    }
    await expectNothingDone();
  });

  it("refuses a forged reason, and the same form submitted by someone who may not approve", async () => {
    const modal = await openRejectModal();
    const forgedChoice = {
      reason_choice: {
        reason_choice: {
          type: "static_select",
          selected_option: {
            text: { type: "plain_text", text: "x" },
            value: "<!channel> Give me everything",
          },
        },
      },
    };
    const forged = await sendPayload(viewSubmission({ ...modal.view, state: { values: forgedChoice } }));
    expect(JSON.parse(forged.body)).toMatchObject({ response_action: "errors" });
    expect(forged.body).toMatch(/Choose one of the reasons/);

    const asViewer = await sendPayload(
      viewSubmission(
        {
          ...modal.view,
          state: {
            values: {
              reason_choice: {
                reason_choice: {
                  type: "static_select",
                  selected_option: { text: { type: "plain_text", text: "x" }, value: "Unable to support" },
                },
              },
            },
          },
        },
        VIEWER,
      ),
    );
    expect(JSON.parse(asViewer.body)).toMatchObject({ response_action: "errors" });
    expect(asViewer.body).toMatch(/can reject/);
    await expectNothingDone();
  });
});

describe("malformed payloads", () => {
  it("refuses unparseable or incomplete payloads without doing anything", async () => {
    const webApiCallsBefore = h.standin.calls.length;
    const garbage = await sendPayload("{not json");
    expect(garbage.status).toBe(400);
    // Payloads Bolt cannot classify reach no listener; Slack never sends them, and they end unanswered.
    const unclassifiable = await Promise.all(
      [{ type: "block_actions" }, { type: "block_actions", actions: [] }, "[]", '"payload"', "42"].map(
        sendPayload,
      ),
    );
    for (const result of unclassifiable) expect(result.status).not.toBe(200);
    expect(h.emulator.calls).toEqual([]);
    // Listeners that get a payload without its message or response URL act on nothing; whoever it names
    // is answered in the app's direct message with them.
    const incomplete = await Promise.all(
      [
        { type: "block_actions", actions: [{ action_id: ACTION.accept, value: "engagement:AWS:engi-x" }] },
        { type: "view_submission", user: user(APPROVER) },
        {
          type: "block_actions",
          user: user(APPROVER),
          actions: [{ action_id: ACTION.accept, value: `engagement:AWS:${hiddenInvitationId()}` }],
        },
        {
          type: "block_actions",
          user: user(APPROVER),
          actions: [{ action_id: ACTION.nextPage, value: pageKey }],
        },
      ].map(sendPayload),
    );
    for (const result of incomplete) expect([200, 500]).toContain(result.status);
    const answers = await h.standin.waitFor(() => {
      const calls = h.standin.calls.slice(webApiCallsBefore);
      return calls.length >= 2 ? calls : undefined;
    });
    expect(answers.map((c) => `${c.method} ${c.args.channel}`)).toEqual([
      `chat.postMessage ${APPROVER}`,
      `chat.postMessage ${APPROVER}`,
    ]);
    expect(answers.map((c) => String(c.args.text)).sort()).toEqual([
      expect.stringMatching(/That button is (not|no longer) part of this message/),
      expect.stringMatching(/^Engagement invitations/),
    ]);
    await expectNothingDone();

    const after = await runCommand(h.standin, "engagements");
    expect(shownInvitationIds(after).length).toBeGreaterThan(0);
  });
});
