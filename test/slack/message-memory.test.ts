import { describe, expect, it } from "vitest";
import { renderNotice } from "../../src/slack/blocks/feedback.ts";
import { renderInvitationList } from "../../src/slack/blocks/lists.ts";
import type { SlackMessage } from "../../src/slack/blocks/types.ts";
import { ACTION, PAGE_KEY_PLACEHOLDER } from "../../src/slack/ids.ts";
import {
  forgetShownMessage,
  recallAnswer,
  recallEphemeral,
  rememberEphemeral,
  rememberMessage,
  tagButtons,
  updateRemembered,
} from "../../src/slack/message-memory.ts";
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
        remember: (...args: Parameters<typeof messages.remember>) => {
          writes++;
          return messages.remember(...args);
        },
        recall: messages.recall.bind(messages),
        replace: messages.replace.bind(messages),
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
    expect((await recallAnswer(store, key))?.next).toEqual(list(true).next);
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
    // A form's state or a channel message's copy is never an answer, whatever its value looks like.
    const message = JSON.stringify(list(false));
    for (const kind of ["reject-form", "channel-message"] as const) {
      expect(await recallEphemeral(store, await store.messages.remember(kind, message, 60))).toBeUndefined();
    }
    for (const value of ["null", "[]", "not json"]) {
      expect(
        await recallEphemeral(store, await store.messages.remember("answer", value, 60)),
      ).toBeUndefined();
    }
  });
});

/** A channel message with one section per line, as a redraw would change it. */
const lines = (...texts: string[]): SlackMessage => ({
  text: texts.join(","),
  blocks: texts.map((text) => ({ type: "section", text: { type: "mrkdwn", text } })),
});
const textsOf = (message: SlackMessage | undefined) =>
  (message?.blocks ?? []).map((b) => (b as { text?: { text?: string } }).text?.text);
const adding =
  (line: string, before: () => Promise<void> = async () => undefined) =>
  async (message: SlackMessage) => {
    await before();
    return lines(...textsOf(message).map(String), line);
  };

describe("changing a remembered message", () => {
  it("keeps both of two changes made at once from the same copy: the second starts over from the first", async () => {
    const store = await memoryStore(() => NOW);
    const key = await store.messages.remember("channel-message", JSON.stringify(lines("digest")), 60);
    // Both read the copy before either saves: without a version one would save over the other.
    let read = 0;
    let bothRead: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const meet = async () => {
      read += 1;
      if (read === 2) bothRead();
      await barrier;
    };
    const [first, second] = await Promise.all([
      updateRemembered(store, key, adding("accepted", meet)),
      updateRemembered(store, key, adding("rejected", meet)),
    ]);
    const saved = await store.messages.recall(key, "channel-message");
    expect(saved?.version).toBe(3);
    const final = textsOf(JSON.parse(saved?.value ?? "{}"));
    expect(final).toHaveLength(3);
    expect(final).toEqual(expect.arrayContaining(["digest", "accepted", "rejected"]));
    // The change that lost the race ran again on the winner's copy, and returns what it saved.
    expect([textsOf(first), textsOf(second)]).toContainEqual(final);
  });

  it("shows again until what it last showed is the latest saved, whatever order the shows land in", async () => {
    const store = await memoryStore(() => NOW);
    const key = await store.messages.remember("channel-message", JSON.stringify(lines("digest")), 60);
    const shown: SlackMessage[] = [];
    // The first update's show is slow: the second saves and shows in the meantime.
    let second: Promise<unknown> = Promise.resolve();
    await updateRemembered(store, key, adding("accepted"), async (message) => {
      if (shown.length === 0) {
        second = updateRemembered(store, key, adding("rejected"), async (m) => {
          shown.push(m);
        });
        await second;
      }
      shown.push(message);
    });
    await second;
    expect(shown.map(textsOf)).toEqual([
      ["digest", "accepted", "rejected"],
      ["digest", "accepted"],
      ["digest", "accepted", "rejected"],
    ]);
  });

  it("changes nothing and shows nothing once the message is gone from its record", async () => {
    const store = await memoryStore(() => NOW);
    const { key } = await rememberMessage(store, list(true));
    await forgetShownMessage(store, key ?? "");
    const shown: SlackMessage[] = [];
    expect(
      await updateRemembered(store, key ?? "", adding("accepted"), async (m) => {
        shown.push(m);
      }),
    ).toBeUndefined();
    expect(shown).toEqual([]);
    // The next page's request stays, for the Next page button of the answer that replaced it.
    expect(await recallAnswer(store, key ?? "")).toEqual({ next: list(true).next });
  });
});
