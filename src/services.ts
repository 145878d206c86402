import { type RunningApp, startApp } from "./app.js";
import type { Config } from "./config.js";
import type { AppLogger } from "./logger.js";
import { createPartnerCentralClients, destroyClients } from "./partnercentral/clients.js";
import { createPartnerCentral } from "./partnercentral/index.js";
import { startPreview } from "./preview.js";
import { openStore } from "./store/index.js";

export interface Services {
  app: RunningApp;
  stop(): Promise<void>;
}

/**
 * Everything a running instance needs, in start order, stopped in reverse: the store, the Partner Central
 * clients and the Slack app (in preview mode also the local Partner Central and Slack stand-ins).
 */
export async function startServices(
  config: Config,
  logger: AppLogger,
  options: { clock?: () => Date } = {},
): Promise<Services> {
  const preview = config.slack.kind === "preview" ? await startPreview(config, logger) : undefined;
  const effective = preview?.config ?? config;
  const store = await openStore({
    dataDir: effective.storage.dataDir,
    ...(effective.storage.databaseUrl ? { databaseUrl: effective.storage.databaseUrl } : {}),
    logger: logger.child({ component: "store" }),
  });
  const clients = createPartnerCentralClients({ region: effective.partnerCentral.region });
  let app: RunningApp;
  try {
    app = await startApp({
      config: effective,
      logger,
      partnerCentral: createPartnerCentral(clients),
      store,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(preview ? { slack: preview.slack, host: "127.0.0.1" } : {}),
    });
  } catch (error) {
    destroyClients(clients);
    await store.close();
    await preview?.stop();
    throw error;
  }
  await preview?.connect(app);
  return {
    app,
    stop: async () => {
      await app.stop();
      destroyClients(clients);
      await store.close();
      await preview?.stop();
    },
  };
}
