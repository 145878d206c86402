import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as wait } from "node:timers/promises";
import { alertChannels, opportunityChannels } from "./alerts/channels.ts";
import { type AlertPoster, type AlertRetryPolicy, AlertWatcher } from "./alerts/watcher.ts";
import { type RunningApp, type SlackCredentials, startSlackApp } from "./app.ts";
import type { Config } from "./config.ts";
import { Decisions } from "./decisions/service.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "./digest/run.ts";
import { DigestScheduler } from "./digest/scheduler.ts";
import { DigestService, defaultSubscription } from "./digest/subscriptions.ts";
import { createEventHandler } from "./events/handler.ts";
import type { PartnerCentralEvent } from "./events/model.ts";
import { createEventPorts } from "./events/ports.ts";
import type { QueueClientOptions } from "./events/queue-client.ts";
import { HomeOpportunities } from "./home/opportunities.ts";
import { HomeService } from "./home/service.ts";
import type { AppLogger } from "./logger.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { OpportunityActions } from "./opportunities/actions.ts";
import { OpportunityWatch } from "./opportunities/watch.ts";
import { type ClientOptions, createPartnerCentralClients, destroyClients } from "./partnercentral/clients.ts";
import { createPartnerCentral } from "./partnercentral/index.ts";
import { type CallObserver, observeCalls } from "./partnercentral/observe.ts";
import { Approvers } from "./slack/approvers.ts";
import { slackAlertPoster, slackDigestPoster } from "./slack/channel-poster.ts";
import { slackPlaces } from "./slack/decided-elsewhere.ts";
import { republishOpenHomes } from "./slack/home.ts";
import { showOpportunityInSlack } from "./slack/opportunity-places.ts";
import { openStore, RetentionJob } from "./store/index.ts";

export interface Instance {
  app: RunningApp;
  metrics: Metrics;
  /** Stops everything in the reverse order of starting it. */
  stop(): Promise<void>;
}

export interface ComposeOptions {
  clock?: () => Date;
  /** Digest timings, shortened by tests: Partner Central retries, and how often subscriptions are re-read. */
  digest?: { retry?: RetryPolicy; refreshMs?: number };
  /**
   * Decision timings, shortened by tests: how long a click waits for an accept task before the app follows
   * it on its own, how often the click looks at it, and how often the app follows unfinished decisions.
   */
  decisions?: { taskWaitMs?: number; taskPollMs?: number; followMs?: number };
  /** A local Partner Central: its endpoint and throwaway credentials (preview, tests, benchmarks). */
  partnerCentral?: Pick<ClientOptions, "endpoint" | "credentials">;
  /** Its events queue's endpoint and credentials; production reads AWS_ENDPOINT_URL_SQS and the SDK's chain. */
  events?: QueueClientOptions;
  /** Slack credentials issued by a local Slack stand-in, where the configuration has none (preview). */
  slack?: SlackCredentials;
  /** Interface to listen on; preview keeps everything on loopback. */
  host?: string;
  /** Keep everything in memory, never in DATA_DIR or DATABASE_URL (the preview, apart from production). */
  inMemoryStore?: boolean;
  /** New-invitation alert retries, shortened by tests. */
  alerts?: { retry?: Partial<AlertRetryPolicy> };
  /** Where the app counts what it does (GET /metrics); a new registry when absent. */
  metrics?: Metrics;
  /** Partner Central reads a second that following opportunities may make in the background. */
  opportunities?: { readsPerSecond?: number };
}

const DIGEST_REFRESH_MS = 60_000;

/**
 * The one composition root. Starts, in order, the store (and its retention job), the Partner Central
 * clients, the domain services, the Slack app, the follow-up of unfinished decisions, the digest
 * scheduler, the alert watcher, the opportunity watch and, with a queue configured, the consumer of
 * Partner Central's events; stops them in reverse.
 */
export async function composeApp(
  config: Config,
  logger: AppLogger,
  options: ComposeOptions = {},
): Promise<Instance> {
  const slack = options.slack ?? (config.slack.kind === "preview" ? undefined : config.slack);
  if (!slack) throw new Error("Slack credentials are missing: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.");
  const clock = options.clock ?? (() => new Date());
  const metrics = options.metrics ?? createMetrics();
  const stack: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const release of stack.splice(0).reverse()) await release();
  };

  try {
    const { dataDir, databaseUrl } = config.storage;
    const storage = options.inMemoryStore ? {} : { dataDir, ...(databaseUrl ? { databaseUrl } : {}) };
    const store = await openStore({
      ...storage,
      logger: logger.child({ component: "store" }),
      ...(options.clock ? { now: options.clock } : {}),
      auditRetentionDays: config.storage.auditRetentionDays,
      onError: () => metrics.storeErrors.inc(),
    });
    stack.push(() => store.close());
    const retention = new RetentionJob({ store, clock, logger: logger.child({ component: "store" }) });
    retention.start();
    stack.push(() => retention.stop());

    const clients = createPartnerCentralClients({
      region: config.partnerCentral.region,
      ...options.partnerCentral,
    });
    stack.push(() => destroyClients(clients));
    const partnerCentralCalls: CallObserver = {
      call: (operation, outcome, seconds) => {
        metrics.partnerCentralCalls.inc({ operation, outcome });
        metrics.partnerCentralSeconds.observe({ operation }, seconds);
      },
      throttled: (operation) => metrics.partnerCentralThrottles.inc({ operation }),
    };
    observeCalls(clients.selling, partnerCentralCalls);
    observeCalls(clients.account, partnerCentralCalls);
    const partnerCentral = createPartnerCentral(clients, clock);

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
      metrics,
    };
    const defaults = { ...config.digest, catalog: config.partnerCentral.catalog };
    const scheduler = new DigestScheduler({
      ...digestDeps,
      defaultSubscription: defaultSubscription(defaults),
      refreshMs: options.digest?.refreshMs ?? DIGEST_REFRESH_MS,
    });
    const digest = new DigestService({ ...digestDeps, defaults, onChange: () => scheduler.refresh() });
    const alerts = new AlertWatcher(
      {
        partnerCentral,
        store,
        catalog: config.partnerCentral.catalog,
        logger: logger.child({ component: "alerts" }),
        channels: () => alertChannels(store, config.alerts.channel),
        ...(options.alerts?.retry ? { retry: options.alerts.retry } : {}),
      },
      clock,
    );
    const watch = new OpportunityWatch({
      partnerCentral,
      store,
      alerts,
      channels: async () => opportunityChannels(await alerts.channels()),
      catalog: config.partnerCentral.catalog,
      clock,
      logger: logger.child({ component: "opportunities" }),
      ...(options.opportunities?.readsPerSecond
        ? { readsPerSecond: options.opportunities.readsPerSecond }
        : {}),
    });
    const opportunityActions = new OpportunityActions({
      opportunities: partnerCentral.opportunities,
      store,
      watch,
      logger: logger.child({ component: "opportunities" }),
    });
    const homeOpportunities = new HomeOpportunities({
      store,
      catalog: config.partnerCentral.catalog,
      clock,
      windowDays: config.digest.windowDays,
    });
    const approvers = new Approvers(config.approvers.userIds, config.approvers.usergroupId, clock);
    const decisions = new Decisions({
      partnerCentral,
      store,
      clock,
      logger: logger.child({ component: "decisions" }),
      ...options.decisions,
    });
    const home = new HomeService({
      partnerCentral,
      store,
      catalog: config.partnerCentral.catalog,
      clock,
      logger,
      subscriptions: () => digest.list(),
    });

    const running = await startSlackApp({
      config,
      logger,
      slack,
      ...(options.host ? { host: options.host } : {}),
      metrics,
      listeners: {
        config,
        partnerCentral,
        store,
        decisions,
        approvers,
        home,
        alerts,
        clock,
        logger,
        digest,
        opportunityActions,
        homeOpportunities,
      },
    });
    stack.push(() => running.stop());

    // One Slack side for every redraw of a place, so that redraws of one place run in turn.
    const homeTab = { store, home, approvers, logger, config, clock, homeOpportunities };
    const slackSide = slackPlaces({ ...homeTab, client: running.bolt.client });
    home.onChanged(republishOpenHomes(homeTab, running.bolt.client));
    stack.push(() => home.stop());
    decisions.start(slackSide.showOutcome);
    stack.push(() => decisions.stop());

    const places = { store, logger, config };
    await scheduler.start(slackDigestPoster(running.bolt.client, places));
    stack.push(() => scheduler.stop());
    const slackAlerts = slackAlertPoster(running.bolt.client, clock, homeTab);
    const alertPoster: AlertPoster = {
      async post(channelId, invitations) {
        try {
          const result = await slackAlerts.post(channelId, invitations);
          (result.posted ? metrics.alertsPosted : metrics.alertsFailed).inc();
          return result;
        } catch (error) {
          metrics.alertsFailed.inc();
          throw error;
        }
      },
      postOpportunity: (channelId, post, threadTs) => slackAlerts.postOpportunity(channelId, post, threadTs),
      refusalsChanged: () => slackAlerts.refusalsChanged(),
    };
    alerts.start(config.alerts.intervalMs, alertPoster);
    stack.push(() => alerts.stop());
    // Opportunities are looked at as often as invitations; their changes are posted as alerts are.
    const showOpportunity = showOpportunityInSlack({
      client: running.bolt.client,
      store,
      approvers,
      clock,
      logger,
    });
    watch.connect(alertPoster, showOpportunity);
    watch.start(config.alerts.intervalMs);
    stack.push(() => watch.stop());
    stack.push(() => shutdown.abort());

    const { queueUrl } = config.events;
    if (queueUrl) {
      // Loaded only with a queue: the SQS client is the one AWS SDK client no other configuration needs.
      const [{ EventConsumer }, { createQueueClient }] = await Promise.all([
        import("./events/consumer.ts"),
        import("./events/queue-client.ts"),
      ]);
      const queue = createQueueClient(queueUrl, options.events);
      observeCalls(queue, {
        call: (operation, outcome) => {
          if (outcome !== "ok") metrics.queueErrors.inc({ operation });
        },
        throttled: () => undefined,
      });
      stack.push(() => queue.destroy());
      const eventsLogger = logger.child({ component: "events" });
      const ports = createEventPorts({
        partnerCentral,
        store,
        alerts,
        post: alertPoster,
        home,
        showDecision: slackSide.showDecision,
        opportunities: watch,
        decisions,
        logger: eventsLogger,
      });
      const consumer = new EventConsumer({
        client: queue,
        queueUrl,
        handle: observeEvents(
          createEventHandler({ ports, catalog: config.partnerCentral.catalog, logger: eventsLogger }),
          metrics,
          clock,
        ),
        logger: eventsLogger,
      });
      consumer.start();
      stack.push(() => consumer.stop());
    }
    return { app: running, metrics, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The event handler, counting each event's outcome and, for a well-formed one, how late it is handled. */
function observeEvents(
  handle: (event: PartnerCentralEvent) => Promise<unknown>,
  metrics: Metrics,
  clock: () => Date,
): (event: PartnerCentralEvent) => Promise<unknown> {
  return async (event) => {
    try {
      const result = await handle(event);
      metrics.events.inc({ outcome: "handled" });
      if (event.kind !== "malformed")
        metrics.eventLagSeconds.observe(Math.max(0, clock().getTime() - event.time.getTime()) / 1000);
      return result;
    } catch (error) {
      metrics.events.inc({ outcome: "failed" });
      throw error;
    }
  };
}
