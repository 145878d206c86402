import type { WebClient } from "@slack/web-api";
import type { AlertWatcher } from "../alerts/watcher.ts";
import { type Config, formatDuration } from "../config.ts";
import type { Decisions } from "../decisions/service.ts";
import type { DigestService } from "../digest/subscriptions.ts";
import type { HomeOpportunities } from "../home/opportunities.ts";
import type { HomeService } from "../home/service.ts";
import type { AppLogger } from "../logger.ts";
import type { OpportunityActions } from "../opportunities/actions.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import type { Store } from "../store/index.ts";
import type { Approvers } from "./approvers.ts";
import { postInChannel, slackDigestPoster } from "./channel-poster.ts";
import type { AnswerContext } from "./commands/answers.ts";
import type { Actor } from "./reply.ts";
import { emailOf } from "./user-profile.ts";

/** What every listener may use; passed in, never imported as a singleton. */
export interface ListenerDeps {
  config: Config;
  partnerCentral: PartnerCentral;
  store: Store;
  decisions: Decisions;
  approvers: Approvers;
  home: HomeService;
  alerts: AlertWatcher;
  clock: () => Date;
  logger: AppLogger;
  digest: DigestService;
  /** Assigning opportunities and changing their next steps, claimed once and audited. */
  opportunityActions: OpportunityActions;
  /** The opportunities each person's App Home shows. */
  homeOpportunities: HomeOpportunities;
}

/** What a command's answer needs, for the caller in their channel. */
export function answerContext(deps: ListenerDeps, caller: Actor, client: WebClient): AnswerContext {
  const channelId = caller.channelId ?? "";
  return {
    partnerCentral: deps.partnerCentral,
    store: deps.store,
    defaults: { catalog: deps.config.partnerCentral.catalog, windowDays: deps.config.digest.windowDays },
    now: deps.clock(),
    caller: { userId: caller.userId, channelId },
    mayApprove: () => deps.approvers.canAct(caller.userId, client),
    callerEmail: () => emailOf(client, caller.userId),
    approvers: deps.approvers,
    digest: { service: deps.digest, poster: slackDigestPoster(client, deps) },
    announce: (message) => postInChannel(client, channelId, message),
    alerts: {
      ...(deps.alerts.lastCheck ? { lastCheck: deps.alerts.lastCheck } : {}),
      ...(deps.config.alerts.channel ? { configuredChannel: deps.config.alerts.channel } : {}),
      intervalText: `${formatDuration(deps.config.alerts.intervalMs)}${
        deps.config.events.queueUrl ? " and as soon as Partner Central reports one" : ""
      }`,
    },
  };
}
