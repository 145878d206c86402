import type { Config } from "../config.js";
import type { AppLogger } from "../logger.js";
import type { PartnerCentral } from "../partnercentral/index.js";
import type { Store } from "../store/index.js";
import type { AnswerContext } from "./commands/answers.js";

/** What every listener may use; passed in, never imported as a singleton. */
export interface ListenerDeps {
  config: Config;
  partnerCentral: PartnerCentral;
  store: Store;
  clock: () => Date;
  logger: AppLogger;
}

export function answerContext(deps: ListenerDeps): AnswerContext {
  return {
    partnerCentral: deps.partnerCentral,
    pages: deps.store,
    defaults: { catalog: deps.config.partnerCentral.catalog, windowDays: deps.config.digest.windowDays },
    now: deps.clock(),
  };
}
