import type { ButtonArgs } from "../listener-args.ts";

/** Link buttons send an action too; acknowledging it keeps Slack from showing a warning. */
export async function openLinkAction({ ack }: ButtonArgs): Promise<void> {
  await ack();
}
