/**
 * The comparison for acknowledgement latency and cold start: a Bolt app with the same HTTP receiver,
 * signing secret and Slack stand-in as the real app, whose command listener only acknowledges.
 */
import { App, HTTPReceiver } from "@slack/bolt";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const receiver = new HTTPReceiver({
  signingSecret: env("SLACK_SIGNING_SECRET"),
  endpoints: "/slack/events",
  customRoutes: [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "ok" }));
      },
    },
  ],
});
const app = new App({
  token: env("SLACK_BOT_TOKEN"),
  receiver,
  deferInitialization: true,
  clientOptions: { slackApiUrl: env("SLACK_API_URL") },
});
app.command("/partnercentral", async ({ ack }) => {
  await ack();
});
await app.init();
await app.start(Number(env("PORT")));
process.on("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});
process.send?.({ type: "ready" });
