import { describe, expect, it } from "vitest";
import { renderNotice } from "../../src/slack/blocks/feedback.ts";
import { renderInvitationList } from "../../src/slack/blocks/lists.ts";
import type { SlackMessage } from "../../src/slack/blocks/types.ts";
import { ACTION, PAGE_KEY_PLACEHOLDER } from "../../src/slack/ids.ts";
import { recallEphemeral, rememberEphemeral, tagButtons } from "../../src/slack/message-memory.ts";
import { engagement, NOW } from "../fixtures/invitations.ts";
import { memoryStore } from "../helpers/memory-store.ts";
import { findButton, findMenuOption } from "../helpers/slack.ts";

/** A one-invitation list, with a Next page button when `more`. */
function list(more: boolean): SlackMessage & { next?: unknown } {
  const invitation = engagement({ id: "engi-0000000000001" });
  const message = renderInvitationList({
    heading: "Engagement invitations",
    filter: "pending",
    invitations: [invitation],
    page: { number: 1, shownBefore: 0, ...(more ? { nextPageKey: PAGE_KEY_PLACEHOLDER } : {}) },
    now: NOW,
  });
  return more
    ? {
        ...message,
        next: {
          list: { kind: "engagements" },
          starts: [
            { skip: 0, shown: 0 },
            { token: "t2", skip: 0, shown: 1 },
          ],
        },
      }
    : message;
}

/** A store that counts its writes. */
async function countingStore() {
  const { messages } = await memoryStore(() => NOW);
  let writes = 0;
  return {
    store: {
      messages: {
        remember: (value: string, ttl: number) => {
          writes++;
          return messages.remember(value, ttl);
        },
        recall: (key: string) => messages.recall(key),
        replace: (key: string, value: string) => messages.replace(key, value),
      },
    },
    writes: () => writes,
  };
}

describe("message memory", () => {
  it("remembers nothing for a message without buttons to come back to", async () => {
    const { store, writes } = await countingStore();
    const notice = renderNotice("Nothing to act on.");
    expect(await rememberEphemeral(store, notice)).toEqual(notice);
    expect(writes()).toBe(0);
  });

  it("remembers a list in one write and tags its controls with where, menu options and the Next page button too", async () => {
    const { store, writes } = await countingStore();
    const sent = await rememberEphemeral(store, list(true));
    expect(writes()).toBe(1);
    const key = findButton(sent, ACTION.nextPage)?.value ?? "";
    expect(key).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(findButton(sent, ACTION.accept)?.value).toBe(`engagement:AWS:engi-0000000000001|${key}`);
    expect(findMenuOption(sent, ACTION.details)?.value).toBe(
      `${ACTION.details} engagement:AWS:engi-0000000000001|${key}`,
    );
    expect(JSON.parse((await store.messages.recall(key)) ?? "{}").next).toEqual(list(true).next);
  });

  it("gives back the message as it was sent, without the keys in its buttons", async () => {
    const { store } = await countingStore();
    const original = list(false);
    const sent = await rememberEphemeral(store, original);
    const key = String(findButton(sent, ACTION.accept)?.value).split("|")[1] ?? "";
    expect(await recallEphemeral(store, key)).toEqual({ text: original.text, blocks: original.blocks });
    expect(tagButtons(original, key)).toEqual(sent);
  });

  it("recalls nothing for an unknown key, or one that names another kind of record", async () => {
    const { store } = await countingStore();
    expect(await recallEphemeral(store, "no-such-key")).toBeUndefined();
    const stash = await store.messages.remember(
      JSON.stringify({ ref: { kind: "engagement" }, target: {} }),
      60,
    );
    expect(await recallEphemeral(store, stash)).toBeUndefined();
    const nothing = await store.messages.remember("null", 60);
    expect(await recallEphemeral(store, nothing)).toBeUndefined();
  });
});
