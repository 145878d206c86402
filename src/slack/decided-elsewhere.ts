import type { WebClient } from "@slack/web-api";
import type { Decision, InvitationRef } from "../events/model.ts";
import type { ShowDecision } from "../events/ports.ts";
import { invitationKey } from "../partnercentral/model.ts";
import type { ActionRecord, Store } from "../store/index.ts";
import { showDecidedElsewhere } from "./blocks/decided-elsewhere.ts";
import { applyOutcomes, invitationKeysIn } from "./blocks/outcome.ts";
import type { SlackMessage } from "./blocks/types.ts";
import { type HomeTabDeps, publishHome } from "./home.ts";
import { placeOf } from "./invitation-places.ts";
import { tagButtons, updateRemembered } from "./message-memory.ts";
import { postToResponseUrl } from "./response-url.ts";

export interface DecidedElsewhereDeps extends HomeTabDeps {
  store: HomeTabDeps["store"] & Pick<Store, "decisions">;
  client: WebClient;
}

/**
 * The Slack side of showing a decision made in Partner Central: each place is redrawn from the copy the app
 * remembered of it (never from Slack's rate-limited history), and that copy is updated to match.
 */
export function showDecisionInSlack(deps: DecidedElsewhereDeps): ShowDecision {
  const inTurn = oneAtATime();
  // Saved over the latest copy and shown until Slack shows the latest, whichever replica redraws too.
  const redrawn = (
    memoryKey: string,
    invitation: InvitationRef,
    decision: Decision,
    show: (message: SlackMessage) => Promise<unknown>,
  ) =>
    updateRemembered(
      deps.store,
      memoryKey,
      (message) => redraw(deps.store, message, invitation, decision),
      show,
    );
  return async (location, invitation, decision) => {
    const place = placeOf(location);
    if (!place) throw new Error("not a place this version of the app records");
    switch (place.kind) {
      case "channel":
        return inTurn(place.memoryKey, async () => {
          await redrawn(place.memoryKey, invitation, decision, (message) =>
            deps.client.chat.update({ channel: place.channelId, ts: place.ts, ...message }),
          );
        });
      case "answer":
        return inTurn(place.memoryKey, async () => {
          await redrawn(place.memoryKey, invitation, decision, (message) =>
            postToResponseUrl(place.responseUrl, {
              replace_original: true,
              ...tagButtons(message, place.memoryKey),
            }),
          );
        });
      case "home":
        // The Home service has already let the invitation go; the Home shows what it holds.
        return publishHome(deps, deps.client, place.userId);
    }
  };
}

/**
 * The message with the decision in place of the invitation's buttons, and every other invitation's final
 * decision made in Slack. Slack's own successful decision on this invitation says more (who, the
 * opportunity), so it stays; decisions still under way are left out, so a redraw never shows a pending
 * state over a decision.
 */
async function redraw(
  store: Pick<Store, "decisions">,
  message: SlackMessage,
  invitation: InvitationRef,
  decision: Decision,
): Promise<SlackMessage> {
  const records = await Promise.all(invitationKeysIn(message.blocks).map((key) => store.decisions.get(key)));
  const final = new Map<string, ActionRecord>();
  for (const record of records) {
    if (record?.status === "succeeded" || record?.status === "conflict") final.set(record.key, record);
  }
  const blocks = applyOutcomes(message.blocks, final);
  const ours = final.get(invitationKey(invitation));
  return {
    text: message.text,
    blocks: ours?.status === "succeeded" ? blocks : showDecidedElsewhere(blocks, invitation, decision),
  };
}

/**
 * Runs work for one key after the work before it for that key: two decisions on invitations of one
 * message, handled side by side, would otherwise each redraw the copy without the other's.
 */
function oneAtATime() {
  const queues = new Map<string, Promise<void>>();
  return (key: string, work: () => Promise<void>): Promise<void> => {
    const done = (queues.get(key) ?? Promise.resolve()).then(work);
    const settled = done.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return done;
  };
}
