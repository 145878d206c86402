import { randomBytes } from "node:crypto";
import { composeApp, type Instance } from "../src/compose.ts";
import { type Config, defaultAlertIntervalMs } from "../src/config.ts";
import type { AppLogger } from "../src/logger.ts";
import { type Emulator, type EmulatorOptions, startEmulator } from "./emulator/index.ts";
import { startSlackStandin } from "./slack-standin/index.ts";

export const PREVIEW_CHANNEL = { id: "C0PREVIEW01", name: "partner-alliances" };
export const PREVIEW_USERS = {
  approver: {
    id: "U0APPROVER1",
    name: "alex",
    realName: "Alex Rivera",
    title: "Alliance lead (approver)",
    email: "alex.rivera@partner.example",
  },
  viewer: {
    id: "U0VIEWER001",
    name: "sam",
    realName: "Sam Chen",
    title: "Account manager",
    email: "sam.chen@partner.example",
  },
};

/** The preview's people are Partner Central users of the local Partner Central too, and own opportunities. */
const PREVIEW_PARTNER_USERS = Object.values(PREVIEW_USERS).map((user) => ({
  Email: user.email,
  FirstName: user.realName.split(" ")[0] ?? user.realName,
  LastName: user.realName.split(" ").slice(1).join(" "),
  BusinessTitle: user.title,
}));

export interface PreviewOptions {
  /** For the local Partner Central, e.g. its sample data or short AWS pages (`maxPageSize`). */
  emulator?: Omit<EmulatorOptions, "host" | "port">;
}

export interface Preview extends Instance {
  /** The local Partner Central the app talks to, whose records tests may read and arrange. */
  readonly emulator: Emulator;
}

/**
 * Preview: the real app composed with a local Partner Central holding sample data and a Slack stand-in
 * page, all on loopback, so it can be tried in a browser with no Slack app and no AWS account. Partner
 * Central's events are on, from the local Partner Central's queue, so a new invitation is announced at once.
 * Its store is in memory: it never opens the real app's DATA_DIR or DATABASE_URL.
 */
export async function startPreview(
  config: Config,
  logger: AppLogger,
  options: PreviewOptions = {},
): Promise<Preview> {
  const alertChannelId = config.alerts.channel ?? PREVIEW_CHANNEL.id;
  const channels = [
    { ...PREVIEW_CHANNEL, botIsMember: true },
    { id: "C0PREVIEW02", name: "sales-team", botIsMember: false },
  ];
  const alertChannel = channels.find((c) => c.id === alertChannelId);
  const emulator = await startEmulator({
    partnerUsers: PREVIEW_PARTNER_USERS,
    ...options.emulator,
    host: "127.0.0.1",
  });
  const slack = {
    botToken: `xoxb-preview-${randomBytes(6).toString("hex")}`,
    signingSecret: randomBytes(16).toString("hex"),
  };
  const standin = await startSlackStandin({
    ...slack,
    host: "127.0.0.1",
    port: config.port,
    users: [PREVIEW_USERS.approver, PREVIEW_USERS.viewer],
    channels,
    usergroups: [{ id: "S0APPROVERS", handle: "alliance-approvers", users: [PREVIEW_USERS.approver.id] }],
    preview: {
      title: "Partner Central for Slack",
      defaultChannelId: PREVIEW_CHANNEL.id,
      userIds: [PREVIEW_USERS.approver.id, PREVIEW_USERS.viewer.id],
      onSimulateInvitation: async () => {
        const invitation = emulator.newEngagementInvitation();
        return `${invitation.SenderCompanyName} invited you to “${invitation.EngagementTitle}”. Partner Central tells the app at once: watch ${alertChannel ? `#${alertChannel.name}` : "the alert channel"} and the Home tab.`;
      },
      onSimulateActionRequired: async () => {
        const opportunity = emulator.requestActionOnOpportunity();
        const name =
          opportunity.Project?.Title ?? opportunity.Customer?.Account?.CompanyName ?? opportunity.Id;
        return `AWS asks for action on “${name}” (${opportunity.Id}): it is now Action Required, with the reviewers' comments. Partner Central tells the app at once: watch ${alertChannel ? `#${alertChannel.name}` : "the alert channel"}, or try /partnercentral opportunity ${opportunity.Id}.`;
      },
    },
  });
  const stopStandins = async () => {
    await standin.close();
    await emulator.close();
  };
  // Preview never talks to AWS: the real SDK clients call the emulator with throwaway credentials.
  const local = {
    endpoint: emulator.url,
    credentials: { accessKeyId: "AKIDPREVIEWONLY", secretAccessKey: "preview-only-secret" },
  };
  let instance: Instance;
  try {
    instance = await composeApp(
      {
        ...config,
        port: 0,
        digest: { ...config.digest, channel: config.digest.channel ?? PREVIEW_CHANNEL.id },
        approvers: { userIds: [PREVIEW_USERS.approver.id], usergroupId: "S0APPROVERS" },
        alerts: {
          ...config.alerts,
          channel: alertChannelId,
          intervalMs: config.alerts.intervalSet ? config.alerts.intervalMs : defaultAlertIntervalMs(true),
        },
        events: { queueUrl: emulator.queueUrl },
      },
      logger,
      {
        partnerCentral: local,
        events: local,
        slack: { ...slack, apiUrl: standin.apiUrl },
        host: "127.0.0.1",
        // The sample world lives as long as the preview: nothing it did reaches DATA_DIR or DATABASE_URL,
        // where the real app keeps its data.
        inMemoryStore: true,
      },
    );
  } catch (error) {
    await stopStandins();
    throw error;
  }
  standin.setAppUrl(`http://127.0.0.1:${instance.app.port}`);
  const url = standin.url.replace("127.0.0.1", "localhost");
  logger.info({ url }, "preview ready");
  process.stdout.write(
    `\nPartner Central for Slack — preview with sample data\nOpen ${url} in your browser.\n(Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to connect a real Slack workspace.)\n\n`,
  );
  return {
    app: instance.app,
    metrics: instance.metrics,
    emulator,
    stop: async () => {
      await instance.stop();
      await stopStandins();
    },
  };
}
