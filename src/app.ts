import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App, CustomRoute, Receiver } from "@slack/bolt";
import type { Config } from "./config.ts";
import { InFlight } from "./lifecycle.ts";
import type { AppLogger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { loadBolt } from "./slack/bolt.ts";
import { countInteractions } from "./slack/count-interactions.ts";
import type { ListenerDeps } from "./slack/deps.ts";
import { registerListeners } from "./slack/index.ts";
import { actorOf, replyToActor } from "./slack/reply.ts";

export interface SlackCredentials {
  botToken: string;
  signingSecret: string;
  apiUrl?: string;
}

export interface SlackAppOptions {
  config: Config;
  logger: AppLogger;
  slack: SlackCredentials;
  /** Interface to listen on; preview mode keeps everything on loopback. */
  host?: string;
  listeners: ListenerDeps;
  /** Counts commands and clicks, and is served on GET /metrics. */
  metrics: Metrics;
}

export interface RunningApp {
  bolt: App;
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 15_000;

/** The Bolt app: its receiver, the health route, the error handler and every listener. */
export async function startSlackApp(options: SlackAppOptions): Promise<RunningApp> {
  const { config, logger, slack } = options;
  let ready = false;
  const inFlight = new InFlight();
  const healthRoute: CustomRoute = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req, res) => {
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ready ? "ok" : "starting" }));
    },
  };
  const { registry } = options.metrics;
  const metricsRoute: CustomRoute = {
    path: "/metrics",
    method: ["GET"],
    handler: (_req, res) => {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(text);
        },
        (error: unknown) => {
          logger.error({ err: error }, "could not collect the metrics");
          res.writeHead(500).end();
        },
      );
    },
  };

  const { App, HTTPReceiver, SocketModeReceiver } = loadBolt();
  const socketMode = config.slack.kind === "socket" ? config.slack : undefined;
  const receiver: Receiver = socketMode
    ? new SocketModeReceiver({
        appToken: socketMode.appToken,
        logger,
        customRoutes: [healthRoute, metricsRoute],
        installerOptions: { port: config.port },
      })
    : new HTTPReceiver({
        signingSecret: slack.signingSecret,
        endpoints: "/slack/events",
        customRoutes: [healthRoute, metricsRoute],
        logger,
      });

  const bolt = new App({
    token: slack.botToken,
    receiver,
    logger,
    // Without it Bolt resets the shared logger to info, overriding LOG_LEVEL.
    logLevel: logger.getLevel(),
    deferInitialization: true,
    extendedErrorHandler: true,
    // Bolt's conversation store keeps state per conversation for listeners that ask; none do, and its
    // middleware cost every request a store look-up.
    convoStore: false,
    ...(slack.apiUrl ? { clientOptions: { slackApiUrl: slack.apiUrl } } : {}),
  });

  // Every listener runs inside this, so shutdown can wait for work that continues after the ack.
  bolt.use(async ({ next }) => {
    await inFlight.track(next());
  });
  bolt.use(countInteractions(options.metrics));

  bolt.error(async ({ error, body }: { error: Error; body?: unknown }) => {
    const reference = randomUUID().slice(0, 8);
    // Bolt wraps what a listener threw in an UnknownError; the original has the stack and cause.
    const original = (error as { original?: unknown }).original;
    logger.error(
      { reference, code: (error as { code?: string }).code, err: original ?? error },
      "listener failed",
    );
    const actor = actorOf(body);
    if (!actor) return;
    await replyToActor(bolt.client, actor, {
      text: `:x: Something went wrong on our side. What you asked may or may not have been done: look before trying again; if it keeps happening, give your admin reference \`${reference}\`.`,
    }).catch((postError: unknown) => logger.warn({ reference, err: postError }, "could not tell the user"));
  });

  registerListeners(bolt, options.listeners);

  await bolt.init();
  const started: unknown = await bolt.start(
    options.host ? { port: config.port, host: options.host } : config.port,
  );
  const port = socketMode ? config.port : ((started as Server).address() as AddressInfo).port;
  ready = true;
  logger.info({ port, mode: config.slack.kind }, "Partner Central for Slack is ready");

  return {
    bolt,
    port,
    stop: async () => {
      ready = false;
      await bolt.stop();
      if (!(await inFlight.drain(SHUTDOWN_GRACE_MS))) {
        logger.warn({ unfinished: inFlight.size }, "shutdown grace period over with work still running");
      }
    },
  };
}
