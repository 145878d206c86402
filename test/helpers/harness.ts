import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { createLogger } from "../../src/logger.js";
import { type ServiceOptions, type Services, startServices } from "../../src/services.js";
import { type SlackStandin, startSlackStandin } from "../../src/slack-standin/index.js";

export const SIGNING_SECRET = "e2e-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-e2e-0000-token";
export const CHANNEL = "C0TEAM00001";
export const PRIVATE_CHANNEL = "G0PRIVATE01";
export const OUTSIDE_CHANNEL = "C0OUTSIDE01";
export const APPROVER = "U0APPROVER1";
export const GROUP_MEMBER = "U0GROUPMEM1";
export const VIEWER = "U0VIEWER001";
export const APPROVER_GROUP = "S0APPROVERS";

export interface Harness {
  emulator: Emulator;
  standin: SlackStandin;
  services: Services;
  env: Record<string, string>;
  /** Stops the app only; emulator and Slack stand-in keep running (for restart tests). */
  stopApp(): Promise<void>;
  /** Starts the app again on the same data. */
  restartApp(extraEnv?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Points the real AWS SDK clients at the emulator, the SDK-native way. */
export function useEmulator(emulator: Emulator): void {
  process.env.AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING = emulator.url;
  process.env.AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT = emulator.url;
  process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "e2e-secret";
  process.env.AWS_REGION = "eu-west-1";
}

export async function startStandin(): Promise<SlackStandin> {
  return startSlackStandin({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    users: [
      { id: APPROVER, name: "alex", realName: "Alex Approver" },
      { id: GROUP_MEMBER, name: "gia", realName: "Gia Groupmember" },
      { id: VIEWER, name: "sam", realName: "Sam Viewer" },
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
    digest?: ServiceOptions["digest"];
    dataDir?: string;
  } = {},
): Promise<Harness> {
  const emulator = await startEmulator(options.emulator);
  useEmulator(emulator);
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
    ...options.env,
  };
  const logger = createLogger({ level: "error" });
  const start = async (extraEnv: Record<string, string> = {}) => {
    const services = await startServices(loadConfig({ ...env, ...extraEnv }), logger, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.digest ? { digest: options.digest } : {}),
    });
    standin.setAppUrl(`http://127.0.0.1:${services.app.port}`);
    return services;
  };
  let services = await start();
  let running = true;
  const harness: Harness = {
    emulator,
    standin,
    get services() {
      return services;
    },
    env,
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
      await emulator.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
