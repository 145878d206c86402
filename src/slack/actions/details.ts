import { PartnerCentralError } from "../../partnercentral/errors.ts";
import {
  renderConnectionDetails,
  renderConnectionInvitationDetails,
  renderEngagementDetails,
} from "../blocks/details.ts";
import { renderNotice, renderPartnerCentralError } from "../blocks/feedback.ts";
import { loadingModal, messageModal } from "../blocks/modals.ts";
import type { SlackMessage } from "../blocks/types.ts";
import type { ActionClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { parseConnectionRef, parseInvitationRef } from "../ids.ts";
import { recordModal } from "../invitation-places.ts";
import { clickedTarget, withDecisions } from "./target.ts";

const DETAILS_FAILED = renderNotice(
  ":x: Something went wrong on our side, so this cannot be shown. Close it and try again.",
);

/**
 * Details, open to everyone: a modal opens at once (a trigger id lasts 3 seconds) and fills in when
 * Partner Central answers.
 */
export function detailsModal(
  title: string,
  load: (
    deps: ListenerDeps,
    value: string,
    mayAct: () => Promise<boolean>,
  ) => Promise<SlackMessage | undefined>,
) {
  return (deps: ListenerDeps) =>
    async (args: ActionClickArgs): Promise<void> => {
      const { ack, body, click, client } = args;
      await ack();
      if (!(await clickedTarget(deps, args, (value) => value || undefined))) return;
      const opened = await client.views.open({ trigger_id: body.trigger_id, view: loadingModal(title) });
      const viewId = opened.view?.id;
      let shown: SlackMessage | undefined;
      try {
        const message = await load(deps, click.value, () => deps.approvers.canAct(body.user.id, client));
        shown = message && { text: message.text, blocks: await withDecisions(deps.store, message.blocks) };
      } catch (error) {
        if (!(error instanceof PartnerCentralError)) {
          // The window says so rather than loading for good; the error handler is told of this error, not
          // of Slack refusing to show it.
          if (viewId) {
            await client.views
              .update({ view_id: viewId, view: messageModal(title, DETAILS_FAILED) })
              .catch(() => undefined);
          }
          throw error;
        }
        shown = renderPartnerCentralError(error);
      }
      if (!shown || !viewId) return;
      await client.views.update({ view_id: viewId, view: messageModal(title, shown) });
      await recordModal(deps, { userId: body.user.id, viewId }, title, shown);
    };
}

/** An invitation's Details, with Accept and Reject for those who may decide. */
export const invitationDetailsAction = detailsModal("Invitation details", async (deps, value, mayAct) => {
  const ref = parseInvitationRef(value);
  if (!ref) return undefined;
  const now = deps.clock();
  const options = { withActions: await mayAct() };
  return ref.kind === "engagement"
    ? renderEngagementDetails(
        await deps.partnerCentral.engagements.getWithSide(ref.catalog, ref.id),
        now,
        options,
      )
    : renderConnectionInvitationDetails(
        await deps.partnerCentral.connections.getInvitation(ref.catalog, ref.id),
        now,
        options,
      );
});

export const connectionDetailsAction = detailsModal("Connection details", async (deps, value) => {
  const ref = parseConnectionRef(value);
  return ref
    ? renderConnectionDetails(await deps.partnerCentral.connections.get(ref.catalog, ref.id))
    : undefined;
});
