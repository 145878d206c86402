import { signSlackRequest } from "./signature.ts";
import type { DispatchResult, StandinView } from "./types.ts";
import { validateBlocks, validateView } from "./validate.ts";
import { buildStateValues, findElement, optionsOf, stateValue } from "./view-state.ts";
import { messageObject } from "./web-api.ts";
import {
  isRecord,
  type ResponseContext,
  SLACKBOT_USER_ID,
  SlackError,
  type Workspace,
  withGeneratedIds,
} from "./workspace.ts";

export const DEFAULT_COMMAND = "/partnercentral";
/** Slack gives up on an app that has not answered within three seconds. */
const APP_TIMEOUT_MS = 3_000;
const FORM = "application/x-www-form-urlencoded";

export interface BlockActionInput {
  userId: string;
  channelId?: string;
  messageTs?: string;
  viewId?: string;
  actionId: string;
  blockId?: string;
  /** A button's value, or the chosen option value / date / list of values for other elements. */
  value?: unknown;
  /** Current input values of the modal the action happened in (the preview sends them). */
  viewValues?: Record<string, Record<string, unknown>>;
}

/** Everything the stand-in sends to the app, signed as Slack signs it, and what it does with the answers. */
export class AppLink {
  appUrl: string | undefined;

  private readonly ws: Workspace;
  private readonly signingSecret: string;
  private readonly baseUrl: string;

  constructor(ws: Workspace, signingSecret: string, baseUrl: string, appUrl: string | undefined) {
    this.ws = ws;
    this.signingSecret = signingSecret;
    this.baseUrl = baseUrl;
    this.appUrl = appUrl;
  }

  async send(
    body: string,
    contentType: string,
    options: { timestamp?: number; signature?: string } = {},
  ): Promise<DispatchResult> {
    if (!this.appUrl) return { status: 0, body: "dispatch_failed" };
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(`${this.appUrl.replace(/\/+$/, "")}/slack/events`, {
        method: "POST",
        headers: {
          "Content-Type": contentType,
          "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
          "X-Slack-Request-Timestamp": String(timestamp),
          "X-Slack-Signature": options.signature ?? signSlackRequest(this.signingSecret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(APP_TIMEOUT_MS),
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      return { status: 0, body: timedOut ? "operation_timeout" : "dispatch_failed" };
    }
  }

  responseUrl(context: ResponseContext): string {
    return `${this.baseUrl}/response/${context.id}`;
  }

  async slashCommand(args: {
    text: string;
    userId: string;
    channelId: string;
    command?: string;
  }): Promise<DispatchResult & { responseUrl: string }> {
    const command = args.command ?? DEFAULT_COMMAND;
    const user = this.requireUser(args.userId);
    const channel = this.ws.resolveChannel(args.channelId);
    if (!channel) throw new Error(`slashCommand: unknown channel ${args.channelId}`);
    const context = this.ws.newResponseUrl({
      userId: user.id,
      channelId: channel.id,
      command: { name: command, text: args.text, echoed: false },
    });
    const responseUrl = this.responseUrl(context);
    const fields = new URLSearchParams({
      token: this.ws.verificationToken,
      team_id: this.ws.teamId,
      team_domain: this.ws.teamDomain,
      channel_id: channel.id,
      channel_name: channel.imUser ? "directmessage" : channel.name,
      user_id: user.id,
      user_name: user.name,
      command,
      text: args.text,
      api_app_id: this.ws.appId,
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: this.ws.newTrigger(user.id),
    });
    const result = await this.send(fields.toString(), FORM);
    if (result.status !== 200) {
      // What Slack shows the user when a command's request fails.
      const reason = result.status === 0 ? result.body : "dispatch_failed";
      this.ws.addMessage({
        channelId: channel.id,
        userId: SLACKBOT_USER_ID,
        text: `${command} failed with the error "${reason}"`,
        blocks: [],
        ephemeralFor: user.id,
      });
    } else if (result.body.trim() !== "") {
      // A body in the acknowledgement is shown like a response URL message.
      this.applyResponseSafely(context, parseAckBody(result.body), responseUrl);
    }
    return { ...result, responseUrl };
  }

  async blockAction(input: BlockActionInput): Promise<DispatchResult> {
    const user = this.requireUser(input.userId);
    const source = this.actionSource(input);
    const found = findElement(source.blocks, input.actionId, input.blockId);
    if (!found && input.blockId === undefined) {
      throw new Error(`no element with action_id "${input.actionId}" in ${source.description}`);
    }
    const element = found?.element ?? { type: "button", action_id: input.actionId };
    const action = {
      ...actionFields(element, input.value),
      action_id: input.actionId,
      block_id: input.blockId ?? found?.blockId,
      action_ts: this.actionTs(),
    };
    const base = this.payloadBase(user.id, user.name);
    let payload: Record<string, unknown>;
    if (source.kind === "view") {
      const values = buildStateValues(source.view.view.blocks, input.viewValues ?? {});
      this.ws.setViewState(source.view, values);
      payload = {
        ...base,
        type: "block_actions",
        container: { type: "view", view_id: source.view.id },
        trigger_id: this.ws.newTrigger(user.id),
        view: source.view.view,
        state: { values },
        actions: [action],
      };
    } else {
      const { message } = source;
      const context = this.ws.newResponseUrl({
        userId: user.id,
        channelId: message.channelId,
        source: { channelId: message.channelId, ts: message.ts },
      });
      const channel = this.ws.channels.get(message.channelId);
      payload = {
        ...base,
        type: "block_actions",
        container: {
          type: "message",
          message_ts: message.ts,
          channel_id: message.channelId,
          is_ephemeral: message.ephemeralFor !== undefined,
        },
        trigger_id: this.ws.newTrigger(user.id),
        channel: { id: message.channelId, name: channel?.imUser ? "directmessage" : (channel?.name ?? "") },
        // Slack leaves the message out of payloads from ephemeral messages.
        ...(message.ephemeralFor === undefined ? { message: messageObject(this.ws, message) } : {}),
        state: { values: {} },
        response_url: this.responseUrl(context),
        actions: [action],
      };
    }
    return this.send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM);
  }

  async submitView(args: {
    userId: string;
    viewId: string;
    values: Record<string, Record<string, unknown>>;
  }): Promise<DispatchResult> {
    const user = this.requireUser(args.userId);
    const view = this.ws.openViews(user.id).at(-1);
    if (!view || view.id !== args.viewId)
      throw new Error(`submitView: ${args.viewId} is not ${user.id}'s open modal`);
    for (const [blockId, actions] of Object.entries(args.values)) {
      for (const actionId of Object.keys(actions)) {
        if (!findElement(view.view.blocks, actionId, blockId)) {
          throw new Error(`submitView: no element ${blockId}/${actionId} in view ${view.id}`);
        }
      }
    }
    this.ws.setViewState(view, buildStateValues(view.view.blocks, args.values));
    const payload = {
      ...this.payloadBase(user.id, user.name),
      type: "view_submission",
      trigger_id: this.ws.newTrigger(user.id),
      view: view.view,
      response_urls: [],
    };
    const result = await this.send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM);
    if (result.status === 200) this.applyViewResponse(user.id, view, result.body);
    return result;
  }

  /** The user closes the top modal (or, with `all`, the whole stack). */
  async closeView(userId: string, all: boolean): Promise<DispatchResult | undefined> {
    const user = this.requireUser(userId);
    const [top] = this.ws.closeViews(user.id, all);
    if (!top?.view.notify_on_close) return undefined;
    const payload = {
      ...this.payloadBase(user.id, user.name),
      type: "view_closed",
      view: top.view,
      is_cleared: all,
    };
    return this.send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM);
  }

  async openHome(userId: string): Promise<DispatchResult> {
    const user = this.requireUser(userId);
    const home = this.ws.homeView(user.id);
    return this.sendEvent({
      type: "app_home_opened",
      user: user.id,
      channel: this.ws.dmChannel(user.id).id,
      tab: "home",
      ...(home ? { view: home.view } : {}),
    });
  }

  /** Someone adds the app to a channel (`/invite @app`): it becomes a member and Slack says so in an event. */
  async inviteBot(channelId: string, inviterId: string): Promise<DispatchResult> {
    const inviter = this.requireUser(inviterId);
    const channel = this.ws.channels.get(channelId);
    if (!channel || channel.imUser) throw new Error(`inviteBot: unknown channel ${channelId}`);
    channel.botIsMember = true;
    this.ws.changed({ kind: "channel", channelId });
    return this.sendEvent({
      type: "member_joined_channel",
      user: this.ws.botUserId,
      channel: channel.id,
      channel_type: channel.isPrivate ? "G" : "C",
      team: this.ws.teamId,
      inviter: inviter.id,
    });
  }

  /** An Events API event, in the envelope Slack sends it in. */
  private sendEvent(event: Record<string, unknown>): Promise<DispatchResult> {
    const now = Date.now() / 1000;
    const envelope = {
      token: this.ws.verificationToken,
      team_id: this.ws.teamId,
      api_app_id: this.ws.appId,
      event: { ...event, event_ts: now.toFixed(6) },
      type: "event_callback",
      event_id: this.ws.newId("Ev"),
      event_time: Math.floor(now),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.ws.teamId,
          user_id: this.ws.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    return this.send(JSON.stringify(envelope), "application/json");
  }

  /**
   * A POST to a response URL, applied as Slack applies it: delete or replace the message the
   * interaction came from, or post a new message (ephemeral unless `in_channel`).
   */
  applyResponse(context: ResponseContext, body: Record<string, unknown>, responseUrl: string): void {
    const text = typeof body.text === "string" ? body.text : undefined;
    if (body.blocks !== undefined) {
      const messages = validateBlocks(body.blocks, "message");
      if (messages.length > 0) throw new SlackError("invalid_blocks", { response_metadata: { messages } });
    }
    const blocks = Array.isArray(body.blocks) ? withGeneratedIds(body.blocks) : undefined;
    const flag = (key: string) => body[key] === true || body[key] === "true";
    // A slash command's response URL has no message of its own: it replaces the one it posted last.
    const original = context.source
      ? this.ws.message(context.source.channelId, context.source.ts)
      : this.ws.messages(context.channelId).findLast((m) => m.responseUrl === responseUrl);
    if (flag("delete_original")) {
      if (!original) throw new SlackError("message_not_found");
      this.ws.deleteMessage(original);
      return;
    }
    if (!text && (!blocks || blocks.length === 0)) throw new SlackError("no_text");
    if (flag("replace_original") && original) {
      this.ws.updateMessage(original, { text: text ?? "", blocks: blocks ?? [] });
      return;
    }
    const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    if (body.response_type === "in_channel") {
      if (context.command && !context.command.echoed) {
        // Slack shows the invoking command above a command's first in-channel response.
        context.command.echoed = true;
        this.ws.addMessage({
          channelId: context.channelId,
          userId: context.userId,
          text: `${context.command.name} ${context.command.text}`.trim(),
          blocks: [],
        });
      }
      this.ws.addMessage({
        channelId: context.channelId,
        userId: this.ws.botUserId,
        botId: this.ws.botId,
        text: text ?? "",
        blocks: blocks ?? [],
        responseUrl,
        threadTs,
      });
      return;
    }
    this.ws.addMessage({
      channelId: context.channelId,
      userId: this.ws.botUserId,
      botId: this.ws.botId,
      text: text ?? "",
      blocks: blocks ?? [],
      ephemeralFor: context.userId,
      responseUrl,
      threadTs,
    });
  }

  private applyResponseSafely(
    context: ResponseContext,
    body: Record<string, unknown>,
    responseUrl: string,
  ): void {
    try {
      this.applyResponse(context, body, responseUrl);
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      this.ws.addMessage({
        channelId: context.channelId,
        userId: SLACKBOT_USER_ID,
        text: `The app's response could not be shown: ${error.error}`,
        blocks: [],
        ephemeralFor: context.userId,
      });
    }
  }

  /** view_submission answers: errors, update, push, clear, or (empty) close the submitted view. */
  private applyViewResponse(userId: string, view: StandinView, body: string): void {
    let response: unknown;
    try {
      response = body.trim() === "" ? {} : JSON.parse(body);
    } catch {
      response = {};
    }
    const action = isRecord(response) ? response.response_action : undefined;
    const nextView = isRecord(response) && isRecord(response.view) ? response.view : undefined;
    if (action === "errors" && isRecord(response) && isRecord(response.errors)) {
      const errors = Object.fromEntries(Object.entries(response.errors).map(([k, v]) => [k, String(v)]));
      this.ws.setViewErrors(view, errors);
    } else if (
      (action === "update" || action === "push") &&
      nextView &&
      validateView(nextView, "modal").length === 0
    ) {
      if (action === "update") this.ws.replaceView(view, nextView);
      else if (this.ws.openViews(userId).length < 3) this.ws.createView(userId, nextView, "push");
    } else if (action === "clear") {
      this.ws.closeViews(userId, true);
    } else if (action === undefined) {
      this.ws.closeViews(userId, false);
    }
  }

  private actionSource(input: BlockActionInput):
    | { kind: "view"; view: StandinView; blocks: unknown[]; description: string }
    | {
        kind: "message";
        message: ReturnType<Workspace["messages"]>[number];
        blocks: unknown[];
        description: string;
      } {
    if (input.viewId !== undefined) {
      const view = this.ws.view(input.viewId);
      if (!view || view.userId !== input.userId)
        throw new Error(`no view ${input.viewId} open for ${input.userId}`);
      return { kind: "view", view, blocks: view.view.blocks, description: `view ${view.id}` };
    }
    if (input.channelId === undefined)
      throw new Error("clickButton needs a channelId (with messageTs) or a viewId");
    const visible = this.ws
      .messages(input.channelId)
      .filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === input.userId);
    const message =
      input.messageTs !== undefined
        ? visible.find((m) => m.ts === input.messageTs)
        : visible.findLast((m) => findElement(m.blocks, input.actionId, input.blockId) !== undefined);
    if (!message) {
      throw new Error(
        `no message ${input.messageTs ?? `with action_id "${input.actionId}"`} visible to ${input.userId} in ${input.channelId}`,
      );
    }
    return { kind: "message", message, blocks: message.blocks, description: `message ${message.ts}` };
  }

  private payloadBase(userId: string, userName: string): Record<string, unknown> {
    return {
      user: { id: userId, username: userName, name: userName, team_id: this.ws.teamId },
      api_app_id: this.ws.appId,
      token: this.ws.verificationToken,
      team: { id: this.ws.teamId, domain: this.ws.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private actionTs(): string {
    const ms = this.ws.now().getTime();
    return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, "0")}`;
  }

  private requireUser(userId: string) {
    const user = this.ws.users.get(userId);
    if (!user) throw new Error(`unknown user ${userId}`);
    return user;
  }
}

/** The `actions[0]` fields Slack sends for an element of this type. */
function actionFields(element: Record<string, unknown>, value: unknown): Record<string, unknown> {
  const type = String(element.type);
  if (type === "button") {
    return {
      type,
      text: element.text,
      value: value === undefined ? element.value : value,
      ...(element.style ? { style: element.style } : {}),
      ...(element.url ? { url: element.url } : {}),
    };
  }
  if (type === "overflow") {
    const selected = optionsOf(element).find((o) => o.value === value);
    return { type, selected_option: selected ? { text: selected.text, value: selected.value } : null };
  }
  return {
    ...stateValue(element, value),
    ...(element.placeholder ? { placeholder: element.placeholder } : {}),
  };
}

function parseAckBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Plain text acknowledgements are shown as the message text.
  }
  return { text: body };
}
