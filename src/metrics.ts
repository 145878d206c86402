import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * What an operator watches, in Prometheus's text format on GET /metrics. One instance per app, on a registry
 * of its own (never prom-client's global one), handed to whatever counts through compose:
 * `metrics.alertsPosted.inc()`, `metrics.digestRuns.inc({ outcome: "posted" })`.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Slash commands by subcommand (`engagements`, `help`, … `other`) and outcome (`ok`, `error`). */
  readonly commands: Counter<"kind" | "outcome">;
  /** Buttons, menus and forms by action or form id and outcome (`ok`, `error`). */
  readonly clicks: Counter<"kind" | "outcome">;
  /** Partner Central calls as the app made them, retries included, by operation and outcome (`ok` or the error's code). */
  readonly partnerCentralCalls: Counter<"operation" | "outcome">;
  /** Each attempt AWS throttled, retried or not, by operation. */
  readonly partnerCentralThrottles: Counter<"operation">;
  readonly partnerCentralSeconds: Histogram<"operation">;
  /** Digests this process delivered, by outcome (`posted`, `empty`, `failed`). */
  readonly digestRuns: Counter<"outcome">;
  /** Messages announcing new invitations posted in a channel, and the ones Slack refused. */
  readonly alertsPosted: Counter;
  readonly alertsFailed: Counter;
  /** Partner Central's events by outcome (`handled`, `failed`: left on the queue to come back). */
  readonly events: Counter<"outcome">;
  /** From the event's time (EventBridge's) to the app handling it. */
  readonly eventLagSeconds: Histogram;
  /** SQS calls to the events queue that failed, by operation. */
  readonly queueErrors: Counter<"operation">;
  /** Database statements that failed. */
  readonly storeErrors: Counter;
}

const PREFIX = "partnercentral_slack_";

export function createMetrics(registry: Registry = new Registry()): Metrics {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({
      name: `${PREFIX}commands_total`,
      help: "Slash commands by subcommand and outcome",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    clicks: new Counter({
      name: `${PREFIX}clicks_total`,
      help: "Buttons, menus and forms by action and outcome",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    partnerCentralCalls: new Counter({
      name: `${PREFIX}partnercentral_calls_total`,
      help: "Partner Central calls by operation and outcome (ok or the error's code), after retries",
      labelNames: ["operation", "outcome"],
      registers,
    }),
    partnerCentralThrottles: new Counter({
      name: `${PREFIX}partnercentral_throttled_attempts_total`,
      help: "Attempts of a Partner Central call that AWS throttled, retried or not",
      labelNames: ["operation"],
      registers,
    }),
    partnerCentralSeconds: new Histogram({
      name: `${PREFIX}partnercentral_call_seconds`,
      help: "Time a Partner Central call took, retries included",
      labelNames: ["operation"],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    digestRuns: new Counter({
      name: `${PREFIX}digest_runs_total`,
      help: "Digests delivered by this process, by outcome",
      labelNames: ["outcome"],
      registers,
    }),
    alertsPosted: new Counter({
      name: `${PREFIX}alerts_posted_total`,
      help: "New-invitation alerts posted in a channel",
      registers,
    }),
    alertsFailed: new Counter({
      name: `${PREFIX}alerts_failed_total`,
      help: "New-invitation alerts Slack did not accept",
      registers,
    }),
    events: new Counter({
      name: `${PREFIX}events_total`,
      help: "Partner Central events from the queue by outcome",
      labelNames: ["outcome"],
      registers,
    }),
    eventLagSeconds: new Histogram({
      name: `${PREFIX}event_lag_seconds`,
      help: "From a Partner Central event's time to the app handling it",
      buckets: [0.5, 1, 2, 5, 15, 60, 300, 1800],
      registers,
    }),
    queueErrors: new Counter({
      name: `${PREFIX}queue_errors_total`,
      help: "Calls to the events queue that failed, by operation",
      labelNames: ["operation"],
      registers,
    }),
    storeErrors: new Counter({
      name: `${PREFIX}store_errors_total`,
      help: "Database statements that failed",
      registers,
    }),
  };
}
