import { expect } from "vitest";
import type { SlackStandin, StandinMessage } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { APPROVER, CHANNEL } from "./harness.ts";

/** Sends a signed slash command and waits for the answer posted to its response URL. */
export async function runCommand(
  standin: SlackStandin,
  text: string,
  options: { userId?: string; channelId?: string } = {},
): Promise<StandinMessage> {
  const channelId = options.channelId ?? CHANNEL;
  const sent = await standin.slashCommand({ text, userId: options.userId ?? APPROVER, channelId });
  expect(sent.status).toBe(200);
  return standin.waitFor(
    () => standin.messages(channelId).find((m) => m.responseUrl === sent.responseUrl),
    15_000,
  );
}

/** Invitation ids a message shows, in order. */
export function shownInvitationIds(message: { blocks: unknown[] }): string[] {
  return (message.blocks as Array<{ block_id?: string }>)
    .map((b) => b.block_id ?? "")
    .filter((id) => id.startsWith("inv:"))
    .map((id) => id.split(":")[3] ?? "");
}

export function messageJson(message: { blocks: unknown[]; text?: string }): string {
  return JSON.stringify({ text: message.text, blocks: message.blocks });
}

/**
 * The message's button with this action id and, when given, value (ephemeral messages add `|key`), with
 * the block it sits in.
 */
export function findButton(message: { blocks: unknown[] }, actionId: string, value?: string) {
  for (const block of message.blocks as Array<{
    block_id?: string;
    elements?: Array<Record<string, unknown>>;
    accessory?: Record<string, unknown>;
  }>) {
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      const elementValue = String(element.value ?? "");
      if (
        element.action_id === actionId &&
        (value === undefined || elementValue === value || elementValue.startsWith(`${value}|`))
      ) {
        return { ...(element as { action_id: string; value?: string }), blockId: block.block_id };
      }
    }
  }
  return undefined;
}

/**
 * The option of an invitation's overflow menu that stands for this action (and, when given, this
 * invitation), with the block it sits in, so a test can choose it as a user would.
 */
export function findMenuOption(message: { blocks: unknown[] }, actionId: string, ref?: string) {
  for (const block of message.blocks as Array<{
    block_id?: string;
    elements?: Array<Record<string, unknown>>;
    accessory?: Record<string, unknown>;
  }>) {
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (element.type !== "overflow") continue;
      for (const option of (element.options as Array<{ value?: string }> | undefined) ?? []) {
        const value = option.value ?? "";
        if (value.startsWith(`${actionId} ${ref ?? ""}`)) return { blockId: block.block_id, value };
      }
    }
  }
  return undefined;
}

/**
 * Clicks the button as the channel message shows it now (with its full value), or chooses the menu option
 * standing for it, or sends `value` as given when the message shows neither (as a forged click would).
 */
export function clickAsShown(
  standin: SlackStandin,
  message: StandinMessage,
  userId: string,
  actionId: string,
  value: string,
) {
  const current = standin.message(CHANNEL, message.ts) ?? message;
  const option = findMenuOption(current, actionId, value);
  const where = { userId, channelId: CHANNEL, messageTs: message.ts };
  if (!findButton(current, actionId, value) && option) {
    return standin.clickButton({
      ...where,
      actionId: ACTION.more,
      blockId: option.blockId,
      value: option.value,
    });
  }
  return standin.clickButton({
    ...where,
    actionId,
    value: findButton(current, actionId, value)?.value ?? value,
  });
}

/** The channel message once it reads as `pattern` says. */
export function waitForMessageText(
  standin: SlackStandin,
  message: StandinMessage,
  pattern: RegExp,
): Promise<StandinMessage> {
  return standin.waitFor(() => {
    const current = standin.message(CHANNEL, message.ts);
    return current && pattern.test(messageJson(current)) ? current : undefined;
  }, 15_000);
}
