import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CallRecord,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "../../dev/emulator/index.ts";
import { type SlackStandin, startSlackStandin } from "../../dev/slack-standin/index.ts";
import { type ComposeOptions, composeApp, type Instance } from "../../src/compose.ts";
import { loadConfig } from "../../src/config.ts";
import { type AppLogger, createLogger } from "../../src/logger.ts";
import { type AwsProxy, startAwsProxy } from "./aws-proxy.ts";

export const SIGNING_SECRET = "e2e-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-e2e-0000-token";
export const CHANNEL = "C0TEAM00001";
export const PRIVATE_CHANNEL = "G0PRIVATE01";
export const OUTSIDE_CHANNEL = "C0OUTSIDE01";
export const APPROVER = "U0APPROVER1";
export const GROUP_MEMBER = "U0GROUPMEM1";
export const VIEWER = "U0VIEWER001";
export const APPROVER_GROUP = "S0APPROVERS";
/** The e-mail addresses of APPROVER's and VIEWER's Slack profiles (GROUP_MEMBER shows none). */
export const APPROVER_EMAIL = "alex.approver@partner.example";
export const VIEWER_EMAIL = "sam.viewer@partner.example";

/** The Partner Central operations that decide an invitation. */
const DECISION_OPERATIONS: ReadonlySet<string> = new Set([
  "StartEngagementByAcceptingInvitationTask",
  "AcceptEngagementInvitation",
  "RejectEngagementInvitation",
  "AcceptConnectionInvitation",
  "RejectConnectionInvitation",
  "CancelConnectionInvitation",
]);

/** The calls the emulator received that decide an invitation, e.g. to show that a refusal sent none. */
export function decisionCalls(emulator: Emulator): CallRecord[] {
  return emulator.calls.filter((c) => DECISION_OPERATIONS.has(c.operation));
}

export interface Harness {
  emulator: Emulator;
  /** Between the app and the emulator when started with `proxy: true`. */
  proxy?: AwsProxy;
  standin: SlackStandin;
  services: Instance;
  env: Record<string, string>;
  /** How this harness composes the app: with the emulator's endpoint and credentials. */
  compose: ComposeOptions;
  /** Stops the app only; emulator and Slack stand-in keep running (for restart tests). */
  stopApp(): Promise<void>;
  /** Starts the app again on the same data. */
  restartApp(extraEnv?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Points the real AWS SDK clients at the emulator, with credentials it accepts. */
export function emulatorClientOptions(emulator: Emulator): NonNullable<ComposeOptions["partnerCentral"]> {
  return {
    endpoint: emulator.url,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "e2e-secret" },
  };
}

export async function startStandin(): Promise<SlackStandin> {
  return startSlackStandin({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    users: [
      { id: APPROVER, name: "alex", realName: "Alex Approver", email: APPROVER_EMAIL },
      { id: GROUP_MEMBER, name: "gia", realName: "Gia Groupmember" },
      { id: VIEWER, name: "sam", realName: "Sam Viewer", email: VIEWER_EMAIL },
    ],
    channels: [
      { id: CHANNEL, name: "alliances", botIsMember: true },
      { id: OUTSIDE_CHANNEL, name: "sales", botIsMember: false },
      { id: PRIVATE_CHANNEL, name: "secret", isPrivate: true, botIsMember: false },
    ],
    usergroups: [{ id: APPROVER_GROUP, handle: "approvers", users: [GROUP_MEMBER] }],
  });
}

/**
 * The real app over HTTP, exactly as in production: signed Slack requests from the stand-in, the Slack Web
 * API answered by the stand-in, and the real AWS SDK clients talking to the emulator.
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    emulator?: EmulatorOptions;
    clock?: () => Date;
    /** Shorter digest timings (Partner Central retry limit, subscription re-reads). */
    digest?: ComposeOptions["digest"];
    /** Shorter pauses before a new-invitation alert Slack did not take is tried again. */
    alerts?: ComposeOptions["alerts"];
    dataDir?: string;
    /** Talk to the emulator through an AwsProxy, to serve what AWS may and the emulator does not. */
    proxy?: boolean;
    /** Consume the emulator's events queue, as EVENTS_QUEUE_URL makes the app do in production. */
    events?: boolean;
    /** Where the app logs; by default errors only, on stdout. */
    logger?: AppLogger;
    /** Shorter decision timings: how long a click waits for an accept task, and how often it is followed. */
    decisions?: ComposeOptions["decisions"];
    /** Faster background reads of opportunities than production's, for tests that follow many. */
    opportunities?: ComposeOptions["opportunities"];
  } = {},
): Promise<Harness> {
  const emulator = await startEmulator(options.emulator);
  const proxy = options.proxy ? await startAwsProxy(emulator.url) : undefined;
  const standin = await startStandin();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "pc-e2e-")));
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    APPROVER_USER_IDS: APPROVER,
    APPROVER_USERGROUP_ID: APPROVER_GROUP,
    ...(options.events ? { EVENTS_QUEUE_URL: emulator.queueUrl } : {}),
    ...options.env,
  };
  const logger = options.logger ?? createLogger({ level: "error" });
  const compose: ComposeOptions = {
    partnerCentral: { ...emulatorClientOptions(emulator), ...(proxy ? { endpoint: proxy.url } : {}) },
    ...(options.events ? { events: emulatorClientOptions(emulator) } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.digest ? { digest: options.digest } : {}),
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.decisions ? { decisions: options.decisions } : {}),
    ...(options.opportunities ? { opportunities: options.opportunities } : {}),
  };
  const start = async (extraEnv: Record<string, string> = {}) => {
    const services = await composeApp(loadConfig({ ...env, ...extraEnv }), logger, compose);
    standin.setAppUrl(`http://127.0.0.1:${services.app.port}`);
    return services;
  };
  let services = await start();
  let running = true;
  const harness: Harness = {
    emulator,
    ...(proxy ? { proxy } : {}),
    standin,
    get services() {
      return services;
    },
    env,
    compose,
    async stopApp() {
      if (running) await services.stop();
      running = false;
    },
    async restartApp(extraEnv) {
      await harness.stopApp();
      services = await start(extraEnv);
      running = true;
    },
    async close() {
      await harness.stopApp();
      await standin.close();
      await proxy?.close();
      await emulator.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
