import type { ActionArgs } from "../listener-args.ts";

/** Link buttons send an action too; acknowledging it keeps Slack from showing a warning. */
export async function openLinkAction({ ack }: ActionArgs): Promise<void> {
  await ack();
}
