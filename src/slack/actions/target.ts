import type { BlockAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { showsAsDecided } from "../../decisions/record.ts";
import type { Store } from "../../store/index.ts";
import { applyOutcomes } from "../blocks/outcome.ts";
import type { SlackMessage } from "../blocks/types.ts";
import type { ActionClickArgs } from "../clicks.ts";
import { decisionsIn, redrawPlace } from "../decided-elsewhere.ts";
import type { ListenerDeps } from "../deps.ts";
import { noteOpened, publishHome } from "../home.ts";
import { type AskOrigin, menuValue, untag } from "../ids.ts";
import type { DecidedFrom } from "../invitation-places.ts";
import { recallEphemeral, updateRemembered } from "../message-memory.ts";
import { type Actor, actorOf, replyToActor } from "../reply.ts";

/** The message a button was pressed in, so an outcome can be shown where the decision was made. */
export type MessageTarget =
  | { kind: "channel"; channel: string; ts: string; text: string; blocks: KnownBlock[] }
  | {
      kind: "ephemeral";
      channel: string;
      responseUrl: string;
      /** Where the message's own blocks are remembered (Slack does not send them back). */
      memoryKey: string;
      text: string;
      blocks: KnownBlock[];
    }
  | { kind: "home"; userId: string; blocks: KnownBlock[] }
  /** An invitation's Details, where approvers may decide too. */
  | { kind: "modal"; userId: string; viewId: string; title: string; blocks: KnownBlock[] };

interface Container {
  type?: string;
  is_ephemeral?: boolean;
  channel_id?: string;
  message_ts?: string;
}

export async function targetOf(
  body: BlockAction,
  memoryKey: string | undefined,
  store: Store,
): Promise<MessageTarget | undefined> {
  const container = body.container as Container | undefined;
  if (container?.type === "view" && body.view?.type === "home") {
    return { kind: "home", userId: body.user.id, blocks: body.view.blocks as KnownBlock[] };
  }
  if (container?.type === "view" && body.view?.type === "modal") {
    const { id, title, blocks } = body.view;
    return {
      kind: "modal",
      userId: body.user.id,
      viewId: id,
      title: title.text,
      blocks: blocks as KnownBlock[],
    };
  }
  if (container?.type !== "message") return undefined;
  const channel = container.channel_id ?? body.channel?.id ?? "";
  if (container.is_ephemeral) {
    const remembered = memoryKey ? await recallEphemeral(store, memoryKey) : undefined;
    if (!remembered || !memoryKey || !body.response_url) return undefined;
    return { kind: "ephemeral", channel, responseUrl: body.response_url, memoryKey, ...remembered };
  }
  const message = body.message as { ts?: string; text?: string; blocks?: KnownBlock[] } | undefined;
  const ts = container.message_ts ?? message?.ts;
  if (!message?.blocks || !ts) return undefined;
  return { kind: "channel", channel, ts, text: message.text ?? "", blocks: message.blocks };
}

export const NOT_OURS =
  ":information_source: That button is no longer part of this message (it was already used, or the message changed since), so nothing more was done.";

/**
 * The message, modal or Home a click came from, and what its value stands for (`parse`), when the value is
 * well-formed and the place really shows the button; otherwise the clicker is told nothing more was done.
 */
export async function clickedTarget<T>(
  deps: Pick<ListenerDeps, "store">,
  { body, click, client }: Pick<ActionClickArgs, "body" | "click" | "client">,
  parse: (value: string) => T | undefined,
): Promise<{ target: MessageTarget; value: T } | undefined> {
  const value = parse(click.value);
  const target = value === undefined ? undefined : await targetOf(body, click.memoryKey, deps.store);
  if (value !== undefined && target && showsButton(target.blocks, click.actionId, click.value)) {
    return { target, value };
  }
  await replyToActor(client, actorOf(body), { text: NOT_OURS });
  return undefined;
}

/**
 * The channel message whose thread a question about the target goes to: the message clicked in (or the
 * thread it sits in); none for an answer only the clicker sees, the App Home, Details or a direct message
 * with the app.
 */
export function threadOf(target: MessageTarget, body: BlockAction): AskOrigin | undefined {
  if (target.kind !== "channel" || target.channel.startsWith("D")) return undefined;
  const message = body.message as { thread_ts?: string } | undefined;
  return { channelId: target.channel, ts: message?.thread_ts ?? target.ts };
}

/**
 * A click counts only for a button the message really shows, or a menu option standing for it, so a
 * forged value cannot act on anything else. A message posted as it was remembered (an answer in the app's
 * direct messages) shows its values with their message key, which the click's value no longer has.
 */
export function showsButton(
  blocks: readonly unknown[],
  actionId: string,
  value: string | undefined,
): boolean {
  const option = value === undefined ? undefined : menuValue(actionId, value);
  const shown = (v: unknown) => (typeof v === "string" ? untag(v).value : undefined);
  const stack: unknown[] = [...blocks];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record.type === "button" && record.action_id === actionId && shown(record.value) === value)
        return true;
      if (option !== undefined && shown(record.value) === option) return true;
      stack.push(...Object.values(record));
    }
  }
  return false;
}

/**
 * Blocks just rendered from Partner Central, with the decisions the app made or is carrying out on their
 * invitations (Partner Central may still list an invitation as pending while it accepts it); an attempt
 * that failed or is about to call AWS is the clicker's business and left out.
 */
export async function withDecisions(
  store: Pick<Store, "decisions">,
  blocks: KnownBlock[],
): Promise<KnownBlock[]> {
  const records = await decisionsIn(store, blocks);
  return applyOutcomes(blocks, new Map([...records].filter(([, record]) => showsAsDecided(record))));
}

/**
 * Redraws the message with every decision recorded for the invitations it shows, so concurrent clicks on
 * different invitations of one message never undo each other. An answer is redrawn from its remembered
 * copy, as every other redraw of it is: a change saved since the click is kept, and an answer a later
 * page replaced in Slack meanwhile is not brought back over it.
 */
export async function refreshTarget(
  target: MessageTarget,
  deps: Pick<ListenerDeps, "store" | "home" | "approvers" | "logger" | "config" | "clock">,
  client: WebClient,
): Promise<void> {
  if (target.kind === "home") {
    // A click in it shows that it is on screen.
    await noteOpened(deps, target.userId);
    await publishHome(deps, client, target.userId);
    return;
  }
  const records = await decisionsIn(deps.store, target.blocks);
  const place = decidedFrom(target);
  const change = async (message: SlackMessage) => ({
    text: message.text,
    blocks: applyOutcomes(message.blocks, records),
  });
  if (place.kind === "answer") {
    await updateRemembered(deps.store, place.memoryKey, change, (message) =>
      redrawPlace(client, place, message),
    );
  } else {
    // What it shows now is what a place recorded later (an accept still running) is redrawn from.
    target.blocks = (await change(shownAt(target))).blocks;
    await redrawPlace(client, place, shownAt(target));
  }
}

/**
 * The clicker, answered next to the message they clicked in (the response URL of an ephemeral one); from
 * the App Home or a Details window, in the app's direct message.
 */
export function actorAt(target: MessageTarget, userId: string): Actor {
  switch (target.kind) {
    case "ephemeral":
      return { userId, channelId: target.channel, responseUrl: target.responseUrl };
    case "channel":
      return { userId, channelId: target.channel };
    case "home":
    case "modal":
      return { userId };
  }
}

/** The target as a place the app records and redraws invitations at; a Home is republished instead. */
export function decidedFrom(target: Exclude<MessageTarget, { kind: "home" }>): DecidedFrom {
  switch (target.kind) {
    case "channel":
      return { kind: "channel", channelId: target.channel, ts: target.ts };
    case "ephemeral":
      return { kind: "answer", memoryKey: target.memoryKey, responseUrl: target.responseUrl };
    case "modal":
      return { kind: "modal", userId: target.userId, viewId: target.viewId };
  }
}

/** What the target shows, as a copy to redraw it from; a modal's copy keeps its title as its text. */
export function shownAt(target: MessageTarget): SlackMessage {
  switch (target.kind) {
    case "channel":
    case "ephemeral":
      return { text: target.text, blocks: target.blocks };
    case "modal":
      return { text: target.title, blocks: target.blocks };
    case "home":
      return { text: "", blocks: target.blocks };
  }
}
