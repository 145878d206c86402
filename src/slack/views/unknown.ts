import { renderNotice } from "../blocks/feedback.ts";
import { messageModal } from "../blocks/modals.ts";
import type { ViewSubmitArgs } from "../listener-args.ts";

/** A submitted form no listener handles: the modal says so instead of Slack reporting a timeout. */
export async function unknownViewSubmission({ ack }: ViewSubmitArgs): Promise<void> {
  await ack({
    response_action: "update",
    view: messageModal(
      "Partner Central",
      renderNotice(
        ":warning: This form is not one this app knows, so nothing was done. Close it and try again.",
      ),
    ),
  });
}
