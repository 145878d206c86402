import { randomBytes } from "node:crypto";
import type { RunningApp } from "./app.js";
import type { Config } from "./config.js";
import { startEmulator } from "./emulator/index.js";
import type { AppLogger } from "./logger.js";
import { startSlackStandin } from "./slack-standin/index.js";

export const PREVIEW_CHANNEL = { id: "C0PREVIEW01", name: "partner-alliances" };
export const PREVIEW_USERS = {
  approver: { id: "U0APPROVER1", name: "alex", realName: "Alex Rivera", title: "Alliance lead (approver)" },
  viewer: { id: "U0VIEWER001", name: "sam", realName: "Sam Chen", title: "Account manager" },
};

export interface Preview {
  /** The configuration the app runs with in preview: local endpoints, the preview users and channel. */
  config: Config;
  slack: { botToken: string; signingSecret: string; apiUrl: string };
  connect(app: RunningApp): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Preview mode: a local Partner Central with sample data and a Slack stand-in page on loopback, so the
 * real app can be tried in a browser with no Slack app and no AWS account.
 */
export async function startPreview(config: Config, logger: AppLogger): Promise<Preview> {
  const emulator = await startEmulator({ host: "127.0.0.1" });
  // Preview never talks to AWS: the SDK is pointed at the emulator with throwaway credentials.
  process.env.AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING = emulator.url;
  process.env.AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT = emulator.url;
  process.env.AWS_ACCESS_KEY_ID = "AKIDPREVIEWONLY";
  process.env.AWS_SECRET_ACCESS_KEY = "preview-only-secret";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const slack = {
    botToken: `xoxb-preview-${randomBytes(6).toString("hex")}`,
    signingSecret: randomBytes(16).toString("hex"),
  };
  const standin = await startSlackStandin({
    ...slack,
    host: "127.0.0.1",
    port: config.port,
    users: [PREVIEW_USERS.approver, PREVIEW_USERS.viewer],
    channels: [
      { ...PREVIEW_CHANNEL, botIsMember: true },
      { id: "C0PREVIEW02", name: "sales-team", botIsMember: false },
    ],
    usergroups: [{ id: "S0APPROVERS", handle: "alliance-approvers", users: [PREVIEW_USERS.approver.id] }],
    preview: {
      title: "Partner Central for Slack",
      defaultChannelId: PREVIEW_CHANNEL.id,
      userIds: [PREVIEW_USERS.approver.id, PREVIEW_USERS.viewer.id],
    },
  });
  const previewConfig: Config = {
    ...config,
    port: 0,
    digest: { ...config.digest, channel: config.digest.channel ?? PREVIEW_CHANNEL.id },
    approvers: { userIds: [PREVIEW_USERS.approver.id], usergroupId: "S0APPROVERS" },
    alerts: { ...config.alerts, channel: config.alerts.channel ?? PREVIEW_CHANNEL.id },
  };
  return {
    config: previewConfig,
    slack: { ...slack, apiUrl: standin.apiUrl },
    connect: async (app) => {
      standin.setAppUrl(`http://127.0.0.1:${app.port}`);
      const url = standin.url.replace("127.0.0.1", "localhost");
      logger.info({ url }, "preview ready");
      process.stdout.write(
        `\nPartner Central for Slack — preview with sample data\nOpen ${url} in your browser.\n(Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to connect a real Slack workspace.)\n\n`,
      );
    },
    stop: async () => {
      await standin.close();
      await emulator.close();
    },
  };
}
