import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { KnownBlock } from "@slack/types";
import type {
  ApiCall,
  StandinChannel,
  StandinMessage,
  StandinUser,
  StandinUsergroup,
  StandinView,
  StandinViewPayload,
  ViewStateValues,
  WorkspaceChange,
} from "./types.ts";

/** An error Slack reports as `{ ok: false, error }`. */
export class SlackError extends Error {
  readonly error: string;
  readonly details: Record<string, unknown>;

  constructor(error: string, details: Record<string, unknown> = {}) {
    super(error);
    this.error = error;
    this.details = details;
  }
}

export interface ChannelState {
  id: string;
  name: string;
  isPrivate: boolean;
  botIsMember: boolean;
  /** Set for a DM between the bot and this user. */
  imUser?: string;
  created: number;
}

/** Where a response URL's messages go, and which message it may replace. */
export interface ResponseContext {
  id: string;
  userId: string;
  channelId: string;
  /** The message the interaction came from. */
  source?: { channelId: string; ts: string };
  /** Set for slash commands: echoed above the first in_channel response, as Slack does. */
  command?: { name: string; text: string; echoed: boolean };
  uses: number;
  createdAtMs: number;
}

interface Trigger {
  userId: string;
  issuedAtMs: number;
  used: boolean;
}

export const SLACKBOT_USER_ID = "USLACKBOT";
/** Slack lets a response URL be used five times within thirty minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
/** Trigger IDs expire three seconds after Slack issues them. */
const TRIGGER_TTL_MS = 3_000;

export interface WorkspaceOptions {
  teamId: string;
  botUserId: string;
  botName: string;
  users: StandinUser[];
  channels: StandinChannel[];
  usergroups: StandinUsergroup[];
  now: () => Date;
}

/** The stand-in's in-memory Slack workspace. Every change a person could see emits "change". */
export class Workspace {
  readonly teamId: string;
  readonly teamDomain = "partnercentral-preview";
  readonly teamName = "Partner Central Preview";
  readonly botUserId: string;
  readonly botId = "B0STANDIN";
  readonly appId = "A0STANDIN";
  readonly botName: string;
  readonly verificationToken = "standin-verification-token";
  readonly now: () => Date;
  readonly users = new Map<string, StandinUser>();
  readonly channels = new Map<string, ChannelState>();
  readonly usergroups = new Map<string, StandinUsergroup>();
  readonly calls: ApiCall[] = [];
  readonly events = new EventEmitter();
  private readonly messagesByChannel = new Map<string, StandinMessage[]>();
  private readonly views = new Map<string, StandinView>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homeViews = new Map<string, string>();
  private readonly responseUrls = new Map<string, ResponseContext>();
  private readonly triggers = new Map<string, Trigger>();
  private lastTs = { seconds: 0, micros: 0 };
  private counter = 0;

  constructor(options: WorkspaceOptions) {
    this.teamId = options.teamId;
    this.botUserId = options.botUserId;
    this.botName = options.botName;
    this.now = options.now;
    const created = Math.floor(options.now().getTime() / 1000);
    for (const user of options.users) this.users.set(user.id, user);
    for (const c of options.channels) {
      this.channels.set(c.id, {
        id: c.id,
        name: c.name,
        isPrivate: c.isPrivate ?? false,
        botIsMember: c.botIsMember ?? false,
        created,
      });
    }
    for (const group of options.usergroups) this.usergroups.set(group.id, group);
    // Emitting with no listener is fine, but the stream adds one per browser tab.
    this.events.setMaxListeners(0);
  }

  changed(change: WorkspaceChange): void {
    this.events.emit("change", change);
  }

  /** Slack-like, strictly increasing: "1732280000.000100", then ".000200" within the same second. */
  nextTs(): string {
    const seconds = Math.floor(this.now().getTime() / 1000);
    if (seconds > this.lastTs.seconds) this.lastTs = { seconds, micros: 100 };
    else this.lastTs = { seconds: this.lastTs.seconds, micros: this.lastTs.micros + 100 };
    if (this.lastTs.micros >= 1_000_000) this.lastTs = { seconds: this.lastTs.seconds + 1, micros: 100 };
    return `${this.lastTs.seconds}.${String(this.lastTs.micros).padStart(6, "0")}`;
  }

  newId(prefix: string): string {
    this.counter += 1;
    return `${prefix}0${this.counter.toString(36).toUpperCase().padStart(8, "0")}`;
  }

  userName(id: string): string {
    if (id === this.botUserId) return this.botName;
    if (id === SLACKBOT_USER_ID) return "Slackbot";
    return this.users.get(id)?.realName ?? id;
  }

  // ---- channels ----

  /** The bot's DM with a user, created on first use like conversations.open does. */
  dmChannel(userId: string): ChannelState {
    const id = `D${userId.replace(/^[UW]/, "")}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = {
        id,
        name: userId,
        isPrivate: true,
        botIsMember: true,
        imUser: userId,
        created: Math.floor(this.now().getTime() / 1000),
      };
      this.channels.set(id, channel);
    }
    return channel;
  }

  /** Resolves a channel argument the way chat.* methods do: a user ID means the DM with that user. */
  resolveChannel(idOrUser: string): ChannelState | undefined {
    const channel = this.channels.get(idOrUser);
    if (channel) return channel;
    return this.users.has(idOrUser) ? this.dmChannel(idOrUser) : undefined;
  }

  // ---- messages ----

  messages(channelId: string): StandinMessage[] {
    const id = this.users.has(channelId) ? this.dmChannel(channelId).id : channelId;
    return this.messagesByChannel.get(id) ?? [];
  }

  message(channelId: string, ts: string): StandinMessage | undefined {
    return this.messages(channelId).find((m) => m.ts === ts);
  }

  addMessage(message: Omit<StandinMessage, "ts" | "postedAt">): StandinMessage {
    const stored: StandinMessage = { ...message, ts: this.nextTs(), postedAt: this.now() };
    const list = this.messagesByChannel.get(message.channelId) ?? [];
    list.push(stored);
    this.messagesByChannel.set(message.channelId, list);
    this.changed({ kind: "message", channelId: stored.channelId, ts: stored.ts });
    return stored;
  }

  updateMessage(message: StandinMessage, update: { text?: string; blocks?: KnownBlock[] }): void {
    if (update.text !== undefined) message.text = update.text;
    if (update.blocks !== undefined) message.blocks = update.blocks;
    message.updatedAt = this.now();
    this.changed({ kind: "message", channelId: message.channelId, ts: message.ts });
  }

  deleteMessage(message: StandinMessage): void {
    const list = this.messagesByChannel.get(message.channelId) ?? [];
    this.messagesByChannel.set(
      message.channelId,
      list.filter((m) => m !== message),
    );
    this.changed({ kind: "message_deleted", channelId: message.channelId, ts: message.ts });
  }

  // ---- views ----

  view(id: string): StandinView | undefined {
    return this.views.get(id);
  }

  viewByExternalId(externalId: string): StandinView | undefined {
    return [...this.views.values()].find((v) => externalId !== "" && v.view.external_id === externalId);
  }

  openViews(userId: string): StandinView[] {
    return (this.modalStacks.get(userId) ?? []).flatMap((id) => this.views.get(id) ?? []);
  }

  homeView(userId: string): StandinView | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.views.get(id);
  }

  /** Stores a new view; `stack` says what to do with the user's modals. */
  createView(
    userId: string,
    definition: Record<string, unknown>,
    stack: "open" | "push" | "home",
  ): StandinView {
    const type = stack === "home" ? "home" : "modal";
    const existingHome = stack === "home" ? this.homeView(userId) : undefined;
    if (existingHome) {
      this.replaceView(existingHome, definition);
      return existingHome;
    }
    const id = this.newId("V");
    const modals = this.modalStacks.get(userId) ?? [];
    // views.open starts a new stack: the old one is gone, as in Slack.
    if (stack === "open") for (const old of modals) this.views.delete(old);
    const previous = stack === "push" ? (modals.at(-1) ?? null) : null;
    const root = stack === "push" ? (modals[0] ?? id) : id;
    const view: StandinView = {
      id,
      type,
      userId,
      view: this.viewPayload(id, type, definition, { previous, root }),
    };
    this.views.set(id, view);
    if (stack === "home") this.homeViews.set(userId, id);
    else this.modalStacks.set(userId, stack === "push" ? [...modals, id] : [id]);
    this.changed({ kind: "views", userId });
    return view;
  }

  /** views.update / response_action "update": same ID, new hash, errors cleared. */
  replaceView(view: StandinView, definition: Record<string, unknown>): void {
    view.view = this.viewPayload(view.id, view.type, definition, {
      previous: view.view.previous_view_id,
      root: view.view.root_view_id,
    });
    view.errors = undefined;
    this.changed({ kind: "views", userId: view.userId });
  }

  setViewErrors(view: StandinView, errors: Record<string, string>): void {
    view.errors = errors;
    this.changed({ kind: "views", userId: view.userId });
  }

  setViewState(view: StandinView, values: ViewStateValues): void {
    view.view.state = { values };
  }

  /** Closes the top modal, or the whole stack. Returns the views closed, top first. */
  closeViews(userId: string, all: boolean): StandinView[] {
    const stack = this.modalStacks.get(userId) ?? [];
    const closingIds = all ? [...stack].reverse() : stack.slice(-1);
    const closing = closingIds.flatMap((id) => this.views.get(id) ?? []);
    this.modalStacks.set(userId, all ? [] : stack.slice(0, -1));
    for (const id of closingIds) this.views.delete(id);
    this.changed({ kind: "views", userId });
    return closing;
  }

  private viewPayload(
    id: string,
    type: "modal" | "home",
    definition: Record<string, unknown>,
    links: { previous: string | null; root: string },
  ): StandinViewPayload {
    const str = (key: string) => (typeof definition[key] === "string" ? (definition[key] as string) : "");
    return {
      ...definition,
      id,
      team_id: this.teamId,
      type,
      blocks: withGeneratedIds(Array.isArray(definition.blocks) ? definition.blocks : []),
      private_metadata: str("private_metadata"),
      callback_id: str("callback_id"),
      state: { values: {} },
      hash: `${Math.floor(this.now().getTime() / 1000)}.${randomBytes(4).toString("hex")}`,
      clear_on_close: definition.clear_on_close === true,
      notify_on_close: definition.notify_on_close === true,
      external_id: str("external_id"),
      previous_view_id: links.previous,
      root_view_id: links.root,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
  }

  // ---- response URLs and triggers ----

  newResponseUrl(context: Omit<ResponseContext, "id" | "uses" | "createdAtMs">): ResponseContext {
    const id = randomBytes(12).toString("hex");
    const stored: ResponseContext = { ...context, id, uses: 0, createdAtMs: Date.now() };
    this.responseUrls.set(id, stored);
    return stored;
  }

  /** A response URL that may still be used, or why it cannot be; only successful posts count as uses. */
  responseContext(id: string): ResponseContext | "expired_url" | "used_url" {
    const context = this.responseUrls.get(id);
    if (!context || Date.now() - context.createdAtMs > RESPONSE_URL_TTL_MS) return "expired_url";
    if (context.uses >= RESPONSE_URL_USES) return "used_url";
    return context;
  }

  newTrigger(userId: string): string {
    const id = `${Math.floor(Date.now() / 1000)}.${this.counter}.${randomBytes(16).toString("hex")}`;
    this.triggers.set(id, { userId, issuedAtMs: Date.now(), used: false });
    return id;
  }

  /** Trigger IDs are single-use and short-lived; wall-clock time, like Slack, whatever `now` says. */
  useTrigger(id: unknown): string {
    const trigger = typeof id === "string" ? this.triggers.get(id) : undefined;
    if (!trigger) throw new SlackError("invalid_trigger_id");
    if (trigger.used) throw new SlackError("exchanged_trigger_id");
    if (Date.now() - trigger.issuedAtMs > TRIGGER_TTL_MS) throw new SlackError("expired_trigger_id");
    trigger.used = true;
    return trigger.userId;
  }
}

/**
 * Slack gives every block a block_id and every interactive element an action_id when the app
 * leaves them out; payloads carry these, so the stand-in must too. Derived from content and
 * position so the same message always gets the same IDs.
 */
export function withGeneratedIds(blocks: unknown[]): KnownBlock[] {
  return blocks.map((block, index) => {
    if (!isRecord(block)) return block as KnownBlock;
    const out: Record<string, unknown> = { ...block };
    if (typeof out.block_id !== "string") out.block_id = shortId(`${index}:${JSON.stringify(block)}`);
    const withActionId = (element: unknown, i: number): unknown => {
      if (!isRecord(element) || typeof element.type !== "string" || !INTERACTIVE.has(element.type))
        return element;
      if (typeof element.action_id === "string") return element;
      return { ...element, action_id: shortId(`${out.block_id}:${i}:${JSON.stringify(element)}`) };
    };
    if (Array.isArray(out.elements) && out.type === "actions") out.elements = out.elements.map(withActionId);
    if (isRecord(out.accessory)) out.accessory = withActionId(out.accessory, 0);
    if (isRecord(out.element)) out.element = withActionId(out.element, 0);
    return out as unknown as KnownBlock;
  });
}

const INTERACTIVE = new Set([
  "button",
  "overflow",
  "static_select",
  "multi_static_select",
  "external_select",
  "users_select",
  "multi_users_select",
  "conversations_select",
  "channels_select",
  "datepicker",
  "timepicker",
  "datetimepicker",
  "checkboxes",
  "radio_buttons",
  "plain_text_input",
  "number_input",
  "email_text_input",
  "url_text_input",
]);

function shortId(seed: string): string {
  return createHash("sha1").update(seed).digest("base64url").slice(0, 5);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
