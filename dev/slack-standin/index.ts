/**
 * A local stand-in for Slack: the fake Slack of the end-to-end tests and the zero-setup browser
 * preview of `npm start` without Slack credentials.
 *
 *   const standin = await startSlackStandin({ signingSecret, botToken, users, channels, preview: {} });
 *   const app = new App({ signingSecret, token: botToken, clientOptions: { slackApiUrl: standin.apiUrl } });
 *   standin.setAppUrl(appBaseUrl); // requests go to `${appBaseUrl}/slack/events`, signed as Slack signs them
 *
 * Web API at `${url}/api/<method>`, response URLs at `${url}/response/<id>`, and with `preview`
 * the page at `${url}/` (its server-sent events at /ui/stream: the whole picture, then only what
 * changes) and the app's `/healthz`.
 */
export { startSlackStandin } from "./server.ts";
export { signSlackRequest } from "./signature.ts";
export type {
  ApiCall,
  DispatchResult,
  SlackStandin,
  StandinChannel,
  StandinFailure,
  StandinMessage,
  StandinOptions,
  StandinUser,
  StandinUsergroup,
  StandinView,
  StandinViewPayload,
  ViewStateValues,
  WorkspaceChange,
} from "./types.ts";
