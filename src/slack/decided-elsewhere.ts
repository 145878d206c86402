import type { KnownBlock } from "@slack/types";
import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import { decisionsFor, showsAsDecided } from "../decisions/record.ts";
import type { ShowOutcome } from "../decisions/service.ts";
import type { Decision, InvitationRef } from "../events/model.ts";
import type { ShowDecision } from "../events/ports.ts";
import { invitationKey } from "../partnercentral/model.ts";
import type { ActionRecord, Store } from "../store/index.ts";
import { showDecidedElsewhere } from "./blocks/decided-elsewhere.ts";
import { messageModal } from "./blocks/modals.ts";
import { applyOutcomes, invitationKeysIn } from "./blocks/outcome.ts";
import type { SlackMessage } from "./blocks/types.ts";
import type { HomeTabDeps } from "./home.ts";
import { type DecidedFrom, type Place, placeOf } from "./invitation-places.ts";
import { tagButtons, updateRemembered } from "./message-memory.ts";
import { postToResponseUrl } from "./response-url.ts";

export interface DecidedElsewhereDeps extends HomeTabDeps {
  store: HomeTabDeps["store"] & Pick<Store, "decisions">;
  client: WebClient;
}

/**
 * Where Slack shows invitations, redrawn: with a decision made in Partner Central (an event's), or with the
 * app's own outcome of a decision (one finished after the click that made it, or shown beyond the place it
 * was made from). Redraws of one place run one after the other, whichever asked.
 */
export interface SlackPlaces {
  showDecision: ShowDecision;
  showOutcome: ShowOutcome;
}

/** How earlier versions recorded an App Home (for a day) among the places an invitation is shown. */
const EARLIER_HOME = "home:";

/** Slack's answers for a place that is no longer there to redraw: a window closed, an answer expired. */
const GONE: ReadonlySet<string> = new Set([
  "not_found",
  "view_not_found",
  "message_not_found",
  "expired_trigger_id",
]);

/** A place's copy changed, as what it shows changed: `place` says where it is (a modal's copy keeps its title as text). */
export type PlaceChange = (message: SlackMessage, place: Place) => Promise<SlackMessage>;

export interface PlacesRedrawn {
  /** One recorded location redrawn; throws what the store or Slack threw. */
  at(location: string, change: PlaceChange): Promise<void>;
  /**
   * Every location, each on its own (one Slack refuses must not keep the others from changing): a place
   * Slack no longer has is passed over, any other failure given to `failed`.
   */
  everywhere(
    locations: readonly string[],
    change: PlaceChange,
    failed: (error: unknown) => void,
  ): Promise<void>;
}

/**
 * Redraws recorded places from the copies the app remembered of them (never from Slack's rate-limited
 * history), and updates those copies to match; redraws of one place run one after the other.
 */
export function placesRedrawn(
  deps: Pick<DecidedElsewhereDeps, "client"> & { store: Pick<Store, "messages"> },
): PlacesRedrawn {
  const inTurn = oneAtATime();
  const at = async (location: string, change: PlaceChange) => {
    // An App Home an earlier version recorded: the change republishes every open Home already.
    if (location.startsWith(EARLIER_HOME)) return;
    const place = placeOf(location);
    if (!place) throw new Error("not a place this version of the app records");
    // Saved over the latest copy and shown until Slack shows the latest, whichever replica redraws too.
    return inTurn(place.memoryKey, async () => {
      await updateRemembered(
        deps.store,
        place.memoryKey,
        (message) => change(message, place),
        (message) => redrawPlace(deps.client, place, message),
      );
    });
  };
  return {
    at,
    async everywhere(locations, change, failed) {
      await Promise.all(
        locations.map((location) =>
          at(location, change).catch((error: unknown) => {
            if (!(error instanceof WebAPIPlatformError && GONE.has(error.data.error))) failed(error);
          }),
        ),
      );
    },
  };
}

/** The Slack side of showing decisions where invitations are. */
export function slackPlaces(deps: DecidedElsewhereDeps): SlackPlaces {
  const redrawn = placesRedrawn(deps);
  return {
    showDecision: (location, invitation, decision) =>
      redrawn.at(location, (message) => redraw(deps.store, message, invitation, decision)),
    async showOutcome(record, options) {
      deps.home.changed();
      const locations = await deps.store.invitationMessages.find(record.key);
      await redrawn.everywhere(
        locations.filter((l) => !options?.except || !l.startsWith(options.except)),
        (message) => redraw(deps.store, message, refOf(record)),
        (error) => {
          deps.logger.warn(
            { invitation: record.key, err: error },
            "could not show a decision where the invitation is shown",
          );
        },
      );
    },
  };
}

/** Puts a place's new copy in Slack: a channel message, an answer through its response URL, a modal. */
export async function redrawPlace(
  client: WebClient,
  place: DecidedFrom,
  message: SlackMessage,
): Promise<void> {
  switch (place.kind) {
    case "channel":
      await client.chat.update({ channel: place.channelId, ts: place.ts, ...message });
      return;
    case "answer":
      await postToResponseUrl(place.responseUrl, {
        replace_original: true,
        ...tagButtons(message, place.memoryKey),
      });
      return;
    case "modal":
      // A modal's copy keeps its title as its text.
      await client.views.update({
        view_id: place.viewId,
        view: messageModal(message.text, { text: "", blocks: message.blocks }),
      });
  }
}

const refOf = (record: ActionRecord): InvitationRef => ({
  kind: record.invitationKind,
  catalog: record.catalog,
  id: record.invitationId,
});

/**
 * The message with every decision the app made or is carrying out on its invitations, and, given a
 * decision made in Partner Central, that decision in place of this invitation's buttons. The app's own
 * successful decision on it says more (who, the opportunity), so it stays; without a decision from
 * Partner Central, this invitation shows the app's record whatever its state (a failure brings its
 * buttons back). Other decisions still under way are left out, so a redraw never shows a pending state
 * over a decision.
 */
async function redraw(
  store: Pick<Store, "decisions">,
  message: SlackMessage,
  invitation: InvitationRef,
  decision?: Decision,
): Promise<SlackMessage> {
  const key = invitationKey(invitation);
  const records = await decisionsIn(store, message.blocks);
  const shown = new Map(
    [...records].filter(([, record]) => showsAsDecided(record) || (!decision && record.key === key)),
  );
  const blocks = applyOutcomes(message.blocks, shown);
  const ours = shown.get(key);
  return {
    text: message.text,
    blocks:
      !decision || ours?.status === "succeeded" ? blocks : showDecidedElsewhere(blocks, invitation, decision),
  };
}

/** The decisions recorded for the invitations the blocks show, by invitation key. */
export function decisionsIn(
  store: Pick<Store, "decisions">,
  blocks: KnownBlock[],
): Promise<Map<string, ActionRecord>> {
  return decisionsFor(store, invitationKeysIn(blocks));
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
