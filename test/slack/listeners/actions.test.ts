import { describe, expect, it } from "vitest";
import { nextPageAction } from "../../../src/slack/actions/next-page.ts";
import { openLinkAction } from "../../../src/slack/actions/open-link.ts";
import { invitationMenuAction } from "../../../src/slack/actions/overflow.ts";
import { showAllAction } from "../../../src/slack/actions/show-all.ts";
import { UNKNOWN_BUTTON, unknownAction } from "../../../src/slack/actions/unknown.ts";
import { type ButtonClickArgs, clicked, parseClick } from "../../../src/slack/clicks.ts";
import { partnerCentralCommand } from "../../../src/slack/commands/partnercentral.ts";
import { ACTION, menuValue } from "../../../src/slack/ids.ts";
import type { ButtonArgs } from "../../../src/slack/listener-args.ts";
import { APPROVER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildButtonArgs,
  buildCommandArgs,
  buildOverflowArgs,
  type ClickPlace,
  fakeAck,
  fakeClient,
  sharedListenerWorld,
} from "../../helpers/listener.ts";
import { findButton, findMenuOption, messageJson, shownInvitationIds } from "../../helpers/slack.ts";

const shared = sharedListenerWorld();

type Answer = { text: string; blocks: unknown[]; replace_original?: boolean };

/** What the listener posted to the response URL while `run` ran. */
async function answersOf(run: () => Promise<void>): Promise<Answer[]> {
  const before = shared.responses.answers.length;
  await run();
  return shared.responses.answers.slice(before) as Answer[];
}

/** An answer to `/partnercentral <text>`, as its caller sees it (controls tagged with its key). */
async function commandAnswer(text: string): Promise<Answer> {
  const [answer] = await answersOf(() =>
    partnerCentralCommand(shared.world.deps)(buildCommandArgs({ text, responseUrl: shared.responses.url })),
  );
  return answer as Answer;
}

/** An answer only the clicker sees, and a message in a channel, both answered at the catcher. */
const ephemeral = (): ClickPlace => ({ kind: "ephemeral", responseUrl: shared.responses.url });
const inChannel = (): ClickPlace => ({ kind: "message", blocks: [], responseUrl: shared.responses.url });

/** Clicks a button through the edge every action listener is registered behind. */
async function clickButton(
  listener: (args: ButtonClickArgs) => Promise<void>,
  options: { actionId: string; value: string; place?: ClickPlace },
) {
  const ack = fakeAck();
  const fake = fakeClient(approverGroupAnswers);
  const answers = await answersOf(() =>
    clicked<ButtonArgs>(listener)(
      buildButtonArgs({ ...options, ack, client: fake.client, place: options.place ?? ephemeral() }),
    ),
  );
  expect(ack).toHaveBeenCalledOnce();
  return { answers, fake };
}

describe("the edge every action listener goes through", () => {
  it("reads a value once: what it stands for, and the answer it sits in", () => {
    const button = (action_id: string, value: string) =>
      ({
        type: "button",
        action_id,
        block_id: "b",
        action_ts: "1",
        value,
        text: { type: "plain_text", text: "x" },
      }) as never;
    expect(parseClick(button(ACTION.showAll, "AWS:5|abcdEFGH1234_-xy"))).toEqual({
      actionId: ACTION.showAll,
      value: "AWS:5",
      memoryKey: "abcdEFGH1234_-xy",
    });
    expect(parseClick(button(ACTION.showAll, "AWS:5"))).toEqual({ actionId: ACTION.showAll, value: "AWS:5" });
    expect(parseClick(button(ACTION.nextPage, "abcdEFGH1234_-xy"))).toEqual({
      actionId: ACTION.nextPage,
      value: "",
      memoryKey: "abcdEFGH1234_-xy",
    });
    expect(parseClick(button(ACTION.nextPage, "<!channel>"))).toEqual({
      actionId: ACTION.nextPage,
      value: "",
    });
    const overflow = {
      type: "overflow",
      action_id: ACTION.more,
      block_id: "b",
      action_ts: "1",
      selected_option: {
        text: { type: "plain_text", text: "Details" },
        value: menuValue(ACTION.details, "engagement:AWS:engi-1|k1"),
      },
    } as never;
    expect(parseClick(overflow)).toEqual({
      actionId: ACTION.details,
      value: "engagement:AWS:engi-1",
      memoryKey: "k1",
    });
  });
});

describe("Next page and Previous page", () => {
  it("go forward and back through a list, each page replacing the one clicked in", async () => {
    const first = await commandAnswer("engagements status=all");
    const next = findButton(first, ACTION.nextPage)?.value ?? "";
    const { answers: [second] = [] } = await clickButton(nextPageAction(shared.world.deps), {
      actionId: ACTION.nextPage,
      value: next,
    });
    expect(second?.replace_original).toBe(true);
    expect(messageJson(second as Answer)).toContain("11–20");
    expect(shownInvitationIds(second as Answer)).not.toEqual(shownInvitationIds(first));
    // The first page is no longer shown: its record keeps only the pages' requests.
    expect(
      JSON.parse((await shared.world.store.messages.recall(next, "answer"))?.value ?? "{}"),
    ).not.toHaveProperty("blocks");

    const previous = findButton(second as Answer, ACTION.previousPage)?.value ?? "";
    expect(previous).not.toBe(next);
    const { answers: [back] = [] } = await clickButton(nextPageAction(shared.world.deps), {
      actionId: ACTION.previousPage,
      value: previous,
    });
    expect(back?.replace_original).toBe(true);
    expect(shownInvitationIds(back as Answer)).toEqual(shownInvitationIds(first));
  });

  it("say a list has expired for a key that names no answer, and look nothing up", async () => {
    const form = await shared.world.store.messages.remember("reject-form", "{}", 60);
    shared.world.emulator.resetCalls();
    for (const value of [form, "AAAAAAAAAAAAAAAA", "<!channel>"]) {
      const { answers } = await clickButton(nextPageAction(shared.world.deps), {
        actionId: ACTION.nextPage,
        value,
      });
      expect(answers.map((a) => a.text)).toEqual([expect.stringContaining("This list has expired")]);
    }
    expect(shared.world.emulator.calls).toEqual([]);
  });
});

describe("Show all", () => {
  it("lists everything expiring, from a digest in a channel or an answer only its caller sees", async () => {
    for (const [place, value] of [
      [inChannel(), "AWS:15"],
      [ephemeral(), "AWS:15|abcdEFGH1234_-xy"],
    ] as const) {
      const { answers } = await clickButton(showAllAction(shared.world.deps), {
        actionId: ACTION.showAll,
        value,
        place,
      });
      expect(answers, value).toHaveLength(1);
      expect(answers[0]?.text, value).toContain("Invitations nearing expiry");
      expect(messageJson(answers[0] as Answer)).toContain("soonest first");
      // The list has buttons and pages of its own: it is remembered as an answer.
      expect(findButton(answers[0] as Answer, ACTION.nextPage)?.value ?? "").toMatch(/^[A-Za-z0-9_-]{16}$/);
    }
  });

  it("refuses a value it did not make", async () => {
    const { answers } = await clickButton(showAllAction(shared.world.deps), {
      actionId: ACTION.showAll,
      value: "AWS:99|abcdEFGH1234_-xy",
    });
    expect(answers.map((a) => a.text)).toEqual([
      expect.stringContaining("That button is not one this app made."),
    ]);
  });
});

describe("an invitation's menu", () => {
  it("opens Details from an answer, as a click on the Details button", async () => {
    const answer = await commandAnswer("engagements");
    const option = findMenuOption(answer, ACTION.details);
    const ack = fakeAck();
    const fake = fakeClient({
      ...approverGroupAnswers,
      "views.open": () => ({ ok: true, view: { id: "V0DETAILS01" } }),
    });
    await clicked(invitationMenuAction(shared.world.deps))(
      buildOverflowArgs({
        ack,
        client: fake.client,
        actionId: ACTION.more,
        value: option?.value ?? "",
        place: ephemeral(),
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(fake.callsTo("views.open")).toHaveLength(1);
    expect(fake.callsTo("views.update")).toEqual([
      expect.objectContaining({ view_id: "V0DETAILS01", view: expect.objectContaining({ type: "modal" }) }),
    ]);
  });

  it("only acknowledges View in Partner Central, which opens in the browser", async () => {
    const ack = fakeAck();
    const fake = fakeClient();
    const value = menuValue(ACTION.openInPartnerCentral, "engagement:AWS:engi-1");
    await clicked(invitationMenuAction(shared.world.deps))(
      buildOverflowArgs({ ack, client: fake.client, actionId: ACTION.more, value, place: { kind: "home" } }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(fake.calls).toEqual([]);
  });

  it("answers an option it does not know as an unknown button", async () => {
    const ack = fakeAck();
    const fake = fakeClient();
    await clicked(invitationMenuAction(shared.world.deps))(
      buildOverflowArgs({
        ack,
        client: fake.client,
        actionId: ACTION.more,
        value: "no_such_action x",
        place: { kind: "home" },
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(fake.callsTo("chat.postMessage")).toEqual([
      expect.objectContaining({ channel: APPROVER, text: UNKNOWN_BUTTON }),
    ]);
  });
});

describe("link buttons and unknown actions", () => {
  it("acknowledge a link button in a channel message and do nothing else", async () => {
    const { fake, answers } = await clickButton(openLinkAction, {
      actionId: ACTION.openInPartnerCentral,
      value: "engagement:AWS:engi-1",
      place: inChannel(),
    });
    expect(fake.calls).toEqual([]);
    expect(answers).toEqual([]);
  });

  it("answer an unknown action only to the clicker, in a channel message as in an answer", async () => {
    const inMessage = await clickButton(unknownAction, {
      actionId: "from_an_older_version",
      value: "v",
      place: inChannel(),
    });
    expect(inMessage.answers).toEqual([
      expect.objectContaining({ response_type: "ephemeral", text: UNKNOWN_BUTTON, replace_original: false }),
    ]);
    const inAnswer = await clickButton(unknownAction, { actionId: "from_an_older_version", value: "v" });
    expect(inAnswer.answers).toEqual([
      expect.objectContaining({ text: UNKNOWN_BUTTON, replace_original: false }),
    ]);
    expect(inAnswer.fake.calls).toEqual([]);
  });
});
