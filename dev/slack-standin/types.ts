import type { KnownBlock } from "@slack/types";

export interface StandinUser {
  id: string;
  name: string;
  realName: string;
  title?: string;
  /** The profile's e-mail address, which users.info reports (to an app with users:read.email). */
  email?: string;
  /** IANA zone reported by users.info; UTC when absent. */
  tz?: string;
}

export interface StandinChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  botIsMember?: boolean;
}

export interface StandinUsergroup {
  id: string;
  handle: string;
  users: string[];
}

export interface StandinOptions {
  signingSecret: string;
  botToken: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default. */
  host?: string;
  /** Base URL of the app; requests go to `${appUrl}/slack/events`. */
  appUrl?: string;
  users?: StandinUser[];
  channels?: StandinChannel[];
  usergroups?: StandinUsergroup[];
  teamId?: string;
  botUserId?: string;
  /** Display name of the app's bot user. */
  botName?: string;
  /** Clock for message `ts` values and "today"/"tomorrow" in date tokens. */
  now?: () => Date;
  /** Enables the browser page at "/". */
  preview?: {
    title?: string;
    defaultChannelId?: string;
    userIds?: string[];
    /**
     * Adds a "Simulate a new invitation" button to the page, which calls this: it should make Partner
     * Central hold a new pending invitation, and resolve to what the page tells the user.
     */
    onSimulateInvitation?: () => Promise<string>;
    /**
     * Adds a "Simulate AWS asking for action" button, which calls this: it should make AWS's reviewers
     * mark an opportunity Action Required, and resolve to what the page tells the user.
     */
    onSimulateActionRequired?: () => Promise<string>;
  };
}

export interface StandinMessage {
  ts: string;
  channelId: string;
  /** The bot user, a workspace user, or USLACKBOT for Slack's own notices. */
  userId: string;
  botId?: string;
  text: string;
  /** As Slack stores them: every block has a block_id, every interactive element an action_id. */
  blocks: KnownBlock[];
  /** Set for ephemeral messages: the only user who sees them. */
  ephemeralFor?: string;
  /** The response URL whose POST created this message. */
  responseUrl?: string;
  threadTs?: string;
  postedAt: Date;
  updatedAt?: Date;
}

export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

/** A view as Slack returns it from views.open/update/push/publish. */
export interface StandinViewPayload {
  id: string;
  team_id: string;
  type: "modal" | "home";
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: KnownBlock[];
  private_metadata: string;
  callback_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  external_id: string;
  previous_view_id: string | null;
  root_view_id: string;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface StandinView {
  id: string;
  type: "modal" | "home";
  userId: string;
  view: StandinViewPayload;
  /** Inline errors from the app's last `response_action: "errors"`, by block_id. */
  errors?: Record<string, string>;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: Date;
}

/** What changed in the workspace, so an open page redraws only that. */
export type WorkspaceChange =
  | { kind: "message"; channelId: string; ts: string }
  | { kind: "message_deleted"; channelId: string; ts: string }
  /** The user's modal stack or Home tab. */
  | { kind: "views"; userId: string }
  | { kind: "channel"; channelId: string };

export type StandinFailure = { status: 429; retryAfter: number } | { error: string };

export interface DispatchResult {
  /** The app's HTTP status, or 0 when it could not be reached in time (see body). */
  status: number;
  body: string;
}

export interface SlackStandin {
  url: string;
  /** Ends with `/api/`, for `clientOptions.slackApiUrl`. */
  apiUrl: string;
  setAppUrl(url: string): void;
  close(): Promise<void>;
  /** Every Web API call and response URL POST ("response_url"), oldest first. */
  readonly calls: ReadonlyArray<ApiCall>;
  callsTo(method: string): ApiCall[];
  /** Channel and ephemeral messages in `ts` order. A user ID reads that user's DM with the bot. */
  messages(channelId: string): StandinMessage[];
  message(channelId: string, ts: string): StandinMessage | undefined;
  /** The user's modal stack, bottom first. */
  openViews(userId: string): StandinView[];
  homeView(userId: string): StandinView | undefined;
  failNext(method: string, failure: StandinFailure, times?: number): void;
  waitFor<T>(
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs?: number,
  ): Promise<T>;
  slashCommand(args: {
    text: string;
    userId: string;
    channelId: string;
    command?: string;
  }): Promise<DispatchResult & { responseUrl: string }>;
  clickButton(args: {
    userId: string;
    channelId?: string;
    messageTs?: string;
    viewId?: string;
    actionId: string;
    value?: string;
    blockId?: string;
  }): Promise<DispatchResult>;
  submitView(args: {
    userId: string;
    viewId: string;
    values: Record<string, Record<string, unknown>>;
  }): Promise<DispatchResult>;
  openHome(userId: string): Promise<DispatchResult>;
  /** A user adds the app to a channel, as `/invite @Partner Central` does; the app gets member_joined_channel. */
  inviteBot(channelId: string, inviterId: string): Promise<DispatchResult>;
  sendSigned(
    body: string,
    contentType: string,
    options?: { timestamp?: number; signature?: string },
  ): Promise<DispatchResult>;
  on(event: "change", listener: (change: WorkspaceChange) => void): void;
}
