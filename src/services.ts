import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as wait } from "node:timers/promises";
import { AlertWatcher, alertChannels } from "./alerts/watcher.js";
import { type RunningApp, startApp } from "./app.js";
import type { Config } from "./config.js";
import { DEFAULT_RETRY, type RetryPolicy } from "./digest/run.js";
import { DigestScheduler } from "./digest/scheduler.js";
import { DigestService, defaultSubscription } from "./digest/subscriptions.js";
import type { AppLogger } from "./logger.js";
import { createPartnerCentralClients, destroyClients } from "./partnercentral/clients.js";
import { createPartnerCentral } from "./partnercentral/index.js";
import { startPreview } from "./preview.js";
import { renderNewInvitations } from "./slack/blocks/alerts.js";
import { slackDigestPoster } from "./slack/digest-poster.js";
import { openStore, RetentionJob } from "./store/index.js";

export interface Services {
  app: RunningApp;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  clock?: () => Date;
  /** Digest timings, shortened by tests: Partner Central retries, and how often subscriptions are re-read. */
  digest?: { retry?: RetryPolicy; refreshMs?: number };
}

const DIGEST_REFRESH_MS = 60_000;

/**
 * Everything a running instance needs, in start order, stopped in reverse: the store, the Partner Central
 * clients, the Slack app and the digest scheduler (in preview mode also the local Partner Central and
 * Slack stand-ins).
 */
export async function startServices(
  config: Config,
  logger: AppLogger,
  options: ServiceOptions = {},
): Promise<Services> {
  const preview = config.slack.kind === "preview" ? await startPreview(config, logger) : undefined;
  const effective = preview?.config ?? config;
  const store = await openStore({
    dataDir: effective.storage.dataDir,
    ...(effective.storage.databaseUrl ? { databaseUrl: effective.storage.databaseUrl } : {}),
    logger: logger.child({ component: "store" }),
    ...(options.clock ? { now: options.clock } : {}),
    auditRetentionDays: effective.storage.auditRetentionDays,
  });
  const clock = options.clock ?? (() => new Date());
  const retention = new RetentionJob({ store, clock, logger: logger.child({ component: "store" }) });
  retention.start();
  const clients = createPartnerCentralClients({ region: effective.partnerCentral.region });
  const partnerCentral = createPartnerCentral(clients);
  const release = async () => {
    destroyClients(clients);
    await retention.stop();
    await store.close();
    await preview?.stop();
  };
  // Aborted on shutdown, so a digest waiting to retry Partner Central gives up instead of holding it.
  const shutdown = new AbortController();
  const digestDeps = {
    partnerCentral,
    store,
    clock,
    logger: logger.child({ component: "digest" }),
    instanceId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    retry: options.digest?.retry ?? DEFAULT_RETRY,
    sleep: (ms: number) => wait(ms, undefined, { signal: shutdown.signal }),
  };
  const defaults = { ...effective.digest, catalog: effective.partnerCentral.catalog };
  const scheduler = new DigestScheduler({
    ...digestDeps,
    defaultSubscription: defaultSubscription(defaults),
    refreshMs: options.digest?.refreshMs ?? DIGEST_REFRESH_MS,
  });
  let app: RunningApp | undefined;
  const alerts = new AlertWatcher(
    {
      partnerCentral,
      store,
      catalog: effective.partnerCentral.catalog,
      logger: logger.child({ component: "alerts" }),
      channels: () => alertChannels(store, effective.alerts.channel),
      post: async (channelId, invitations) => {
        if (!app) return;
        const result = await slackDigestPoster(app.bolt.client).post(
          channelId,
          renderNewInvitations(invitations, clock()),
        );
        if (!result.posted) throw new Error(`not posted in ${channelId}: ${result.detail}`);
      },
    },
    clock,
  );
  try {
    app = await startApp({
      config: effective,
      logger,
      partnerCentral,
      store,
      alerts,
      digest: new DigestService({ ...digestDeps, defaults, onChange: () => scheduler.refresh() }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(preview ? { slack: preview.slack, host: "127.0.0.1" } : {}),
    });
  } catch (error) {
    await release();
    throw error;
  }
  try {
    await scheduler.start(slackDigestPoster(app.bolt.client));
    alerts.start(effective.alerts.intervalMs);
  } catch (error) {
    await app.stop();
    await release();
    throw error;
  }
  await preview?.connect(app);
  return {
    app,
    stop: async () => {
      shutdown.abort();
      await alerts.stop();
      await scheduler.stop();
      await app.stop();
      await release();
    },
  };
}
