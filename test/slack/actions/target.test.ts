import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Decision } from "../../../src/events/model.ts";
import { type Invitation, invitationKey } from "../../../src/partnercentral/model.ts";
import { type MessageTarget, refreshTarget } from "../../../src/slack/actions/target.ts";
import { renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
import { showDecidedElsewhere } from "../../../src/slack/blocks/decided-elsewhere.ts";
import {
  forgetShownMessage,
  recallEphemeral,
  rememberMessage,
  updateRemembered,
} from "../../../src/slack/message-memory.ts";
import type { Store } from "../../../src/store/index.ts";
import { engagement, NOW } from "../../fixtures/invitations.ts";
import { fakeClient, responseCatcher } from "../../helpers/listener.ts";
import { memoryStore } from "../../helpers/memory-store.ts";
import { messageJson } from "../../helpers/slack.ts";

/** Redrawing the answer a decision was made in, as its click saw it, over what happened to it since. */

let responses: Awaited<ReturnType<typeof responseCatcher>>;
beforeAll(async () => {
  responses = await responseCatcher();
});
afterAll(async () => {
  await responses.close();
});

const accepted: Decision = { status: "ACCEPTED", actor: { accountId: "111122223333" }, at: NOW };

describe("refreshTarget, for an answer only its reader sees", () => {
  let store: Store;
  let deps: Parameters<typeof refreshTarget>[1];
  const [decided, other] = [engagement(), engagement()] as [Invitation, Invitation];

  /** The answer showing both invitations, remembered, and the target a click in it found. */
  async function clickedAnswer(): Promise<{ key: string; target: MessageTarget }> {
    const message = renderNewInvitations([decided, other], NOW);
    const { key } = await rememberMessage(store, message);
    const target: MessageTarget = {
      kind: "ephemeral",
      channel: "C0TEAM00001",
      responseUrl: responses.url,
      memoryKey: key ?? "",
      ...message,
    };
    return { key: key ?? "", target };
  }

  async function accept(invitation: Invitation): Promise<void> {
    await store.decisions.claim({
      key: invitationKey(invitation),
      invitationKind: invitation.kind,
      invitationId: invitation.id,
      catalog: invitation.catalog,
      action: "accept",
      userId: "U0APPROVER1",
    });
    await store.decisions.finish(invitationKey(invitation), { status: "succeeded", resultId: "O1" });
  }

  beforeEach(async () => {
    store = await memoryStore(() => NOW);
    // An answer needs no more than the store: it is redrawn through its response URL.
    deps = { store } as unknown as Parameters<typeof refreshTarget>[1];
  });

  it("does not bring an answer back over the page that replaced it meanwhile", async () => {
    const { key, target } = await clickedAnswer();
    // Next was pressed while the decision ran: the next page replaced this answer in Slack.
    await forgetShownMessage(store, key);
    await accept(decided);
    const before = responses.answers.length;
    await refreshTarget(target, deps, fakeClient().client);
    expect(responses.answers.slice(before)).toEqual([]);
    expect(await recallEphemeral(store, key)).toBeUndefined();
  });

  it("keeps what another redraw saved since the click, and adds the decision to it", async () => {
    const { key, target } = await clickedAnswer();
    // Partner Central reported a decision on the other invitation, shown by another process.
    await updateRemembered(store, key, async (m) => ({
      text: m.text,
      blocks: showDecidedElsewhere(m.blocks, other, accepted),
    }));
    await accept(decided);
    const before = responses.answers.length;
    await refreshTarget(target, deps, fakeClient().client);
    const shown = messageJson(responses.answers.slice(before).at(-1) as { blocks: unknown[] });
    const saved = messageJson((await recallEphemeral(store, key)) ?? { blocks: [] });
    for (const message of [shown, saved]) {
      expect(message).toContain("Accepted in Partner Central");
      expect(message).toContain("Accepted by <@U0APPROVER1>");
    }
  });
});
