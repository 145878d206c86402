import type { KnownBlock } from "@slack/types";
import type { StandinMessage, StandinUser, StandinView } from "./types.ts";
import { validateBlocks, validateView } from "./validate.ts";
import { type ChannelState, SlackError, type Workspace, withGeneratedIds } from "./workspace.ts";

type Args = Record<string, unknown>;
type Handler = (ws: Workspace, args: Args) => Record<string, unknown>;

/** Form values Slack clients send JSON-encoded. */
export const JSON_ARGS = new Set(["blocks", "attachments", "view", "metadata"]);

const str = (args: Args, key: string): string | undefined => {
  const value = args[key];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
};

const required = (args: Args, key: string): string => {
  const value = str(args, key);
  if (value === undefined || value === "") {
    throw new SlackError("invalid_arguments", {
      response_metadata: { messages: [`[ERROR] missing required field: ${key}`] },
    });
  }
  return value;
};

/** How a channel looks in conversations.* responses, from the bot's point of view. */
function channelObject(ws: Workspace, channel: ChannelState): Record<string, unknown> {
  if (channel.imUser) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.imUser,
    };
  }
  const topic = { value: "", creator: "", last_set: 0 };
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: false,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: channel.botIsMember,
    created: channel.created,
    creator: "",
    context_team_id: ws.teamId,
    topic,
    purpose: topic,
  };
}

/** The channel a chat.* call writes to; private channels the bot is not in are invisible to it. */
function writableChannel(ws: Workspace, args: Args): ChannelState {
  const channel = ws.resolveChannel(required(args, "channel"));
  if (!channel || (channel.isPrivate && !channel.botIsMember)) throw new SlackError("channel_not_found");
  if (!channel.botIsMember) throw new SlackError("not_in_channel");
  return channel;
}

function visibleChannel(ws: Workspace, args: Args): ChannelState {
  const channel = ws.resolveChannel(required(args, "channel"));
  if (!channel || (channel.isPrivate && !channel.botIsMember)) throw new SlackError("channel_not_found");
  return channel;
}

/** text/blocks of a chat.* call, validated as Slack does. */
function content(args: Args, requireSome: boolean): { text?: string; blocks?: KnownBlock[] } {
  const text = str(args, "text");
  const blocks = args.blocks;
  if (typeof blocks === "string") throw new SlackError("invalid_blocks_format");
  if (blocks !== undefined) {
    const messages = validateBlocks(blocks, "message");
    if (messages.length > 0) throw new SlackError("invalid_blocks", { response_metadata: { messages } });
  }
  const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
  if (requireSome && !text && (!Array.isArray(blocks) || blocks.length === 0) && !hasAttachments) {
    throw new SlackError("no_text");
  }
  if (text !== undefined && text.length > 40_000) throw new SlackError("msg_too_long");
  return { text, blocks: Array.isArray(blocks) ? withGeneratedIds(blocks) : undefined };
}

export function messageObject(ws: Workspace, message: StandinMessage): Record<string, unknown> {
  const fromBot = message.userId === ws.botUserId;
  return {
    type: "message",
    text: message.text,
    user: message.userId,
    ts: message.ts,
    team: ws.teamId,
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.updatedAt
      ? { edited: { user: message.userId, ts: `${Math.floor(message.updatedAt.getTime() / 1000)}.000000` } }
      : {}),
    ...(fromBot
      ? {
          bot_id: ws.botId,
          app_id: ws.appId,
          bot_profile: {
            id: ws.botId,
            app_id: ws.appId,
            name: ws.botName,
            team_id: ws.teamId,
            deleted: false,
          },
        }
      : {}),
  };
}

function userObject(ws: Workspace, user: StandinUser): Record<string, unknown> {
  const tz = user.tz ?? "UTC";
  return {
    id: user.id,
    team_id: ws.teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz,
    tz_label: tz,
    tz_offset: tzOffsetSeconds(tz, ws.now()),
    is_admin: false,
    is_owner: false,
    is_bot: false,
    is_app_user: false,
    profile: {
      title: user.title ?? "",
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.name,
      display_name_normalized: user.name,
      team: ws.teamId,
      first_name: user.realName.split(" ")[0] ?? "",
      last_name: user.realName.split(" ").slice(1).join(" "),
      ...(user.email ? { email: user.email } : {}),
    },
  };
}

function tzOffsetSeconds(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}

function viewResponse(view: StandinView): Record<string, unknown> {
  return { view: view.view };
}

function viewDefinition(args: Args, expected: "modal" | "home"): Record<string, unknown> {
  if (typeof args.view === "string") throw new SlackError("invalid_arguments");
  const messages = validateView(args.view, expected);
  if (messages.length > 0) throw new SlackError("invalid_arguments", { response_metadata: { messages } });
  return args.view as Record<string, unknown>;
}

const HANDLERS: Record<string, Handler> = {
  "api.test": (_ws, args) => ({ args }),

  "auth.test": (ws) => ({
    url: `https://${ws.teamDomain}.slack.com/`,
    team: ws.teamName,
    user: ws.botName.toLowerCase().replace(/\s+/g, "_"),
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  }),

  "chat.postMessage": (ws, args) => {
    const channel = writableChannel(ws, args);
    const { text, blocks } = content(args, true);
    const message = ws.addMessage({
      channelId: channel.id,
      userId: ws.botUserId,
      botId: ws.botId,
      text: text ?? "",
      blocks: blocks ?? [],
      threadTs: str(args, "thread_ts"),
    });
    return { channel: channel.id, ts: message.ts, message: messageObject(ws, message) };
  },

  "chat.postEphemeral": (ws, args) => {
    const channel = writableChannel(ws, args);
    const user = required(args, "user");
    if (!ws.users.has(user)) throw new SlackError("user_not_found");
    const { text, blocks } = content(args, true);
    const message = ws.addMessage({
      channelId: channel.id,
      userId: ws.botUserId,
      botId: ws.botId,
      text: text ?? "",
      blocks: blocks ?? [],
      ephemeralFor: user,
      threadTs: str(args, "thread_ts"),
    });
    return { message_ts: message.ts };
  },

  "chat.update": (ws, args) => {
    const channel = visibleChannel(ws, args);
    const message = ws.message(channel.id, required(args, "ts"));
    // Ephemeral messages cannot be updated through the API, only through their response URL.
    if (!message || message.ephemeralFor) throw new SlackError("message_not_found");
    if (message.userId !== ws.botUserId) throw new SlackError("cant_update_message");
    const { text, blocks } = content(args, false);
    ws.updateMessage(message, { text, blocks });
    return { channel: channel.id, ts: message.ts, text: message.text, message: messageObject(ws, message) };
  },

  "chat.delete": (ws, args) => {
    const channel = visibleChannel(ws, args);
    const message = ws.message(channel.id, required(args, "ts"));
    if (!message || message.ephemeralFor) throw new SlackError("message_not_found");
    if (message.userId !== ws.botUserId) throw new SlackError("cant_delete_message");
    ws.deleteMessage(message);
    return { channel: channel.id, ts: message.ts };
  },

  "chat.getPermalink": (ws, args) => {
    const channel = visibleChannel(ws, args);
    const ts = required(args, "message_ts");
    if (!ws.message(channel.id, ts)) throw new SlackError("message_not_found");
    return {
      channel: channel.id,
      permalink: `https://${ws.teamDomain}.slack.com/archives/${channel.id}/p${ts.replace(".", "")}`,
    };
  },

  "conversations.info": (ws, args) => ({ channel: channelObject(ws, visibleChannel(ws, args)) }),

  "conversations.join": (ws, args) => {
    const channel = ws.channels.get(required(args, "channel"));
    if (!channel) throw new SlackError("channel_not_found");
    if (channel.isPrivate || channel.imUser) throw new SlackError("method_not_supported_for_channel_type");
    const already = channel.botIsMember;
    channel.botIsMember = true;
    ws.changed({ kind: "channel", channelId: channel.id });
    return {
      channel: channelObject(ws, channel),
      ...(already
        ? { warning: "already_in_channel", response_metadata: { warnings: ["already_in_channel"] } }
        : {}),
    };
  },

  "conversations.open": (ws, args) => {
    const users = required(args, "users").split(",");
    const user = users[0] ?? "";
    if (users.length !== 1 || !ws.users.has(user)) throw new SlackError("user_not_found");
    const channel = ws.dmChannel(user);
    return { channel: { id: channel.id } };
  },

  "users.info": (ws, args) => {
    const id = required(args, "user");
    if (id === ws.botUserId) {
      return {
        user: {
          id,
          team_id: ws.teamId,
          name: ws.botName,
          real_name: ws.botName,
          deleted: false,
          is_bot: true,
          is_app_user: false,
          profile: { real_name: ws.botName, display_name: "", bot_id: ws.botId, api_app_id: ws.appId },
        },
      };
    }
    const user = ws.users.get(id);
    if (!user) throw new SlackError("user_not_found");
    return { user: userObject(ws, user) };
  },

  "usergroups.users.list": (ws, args) => {
    const group = ws.usergroups.get(required(args, "usergroup"));
    if (!group) throw new SlackError("no_such_subteam");
    return { users: [...group.users] };
  },

  "views.open": (ws, args) => {
    const definition = viewDefinition(args, "modal");
    const userId = ws.useTrigger(args.trigger_id);
    return viewResponse(ws.createView(userId, definition, "open"));
  },

  "views.push": (ws, args) => {
    const definition = viewDefinition(args, "modal");
    const userId = ws.useTrigger(args.trigger_id);
    if (ws.openViews(userId).length >= 3) throw new SlackError("push_limit_reached");
    return viewResponse(ws.createView(userId, definition, "push"));
  },

  "views.update": (ws, args) => {
    const viewId = str(args, "view_id");
    const externalId = str(args, "external_id");
    if (!viewId && !externalId) throw new SlackError("invalid_arguments");
    const view = viewId ? ws.view(viewId) : ws.viewByExternalId(externalId ?? "");
    if (!view) throw new SlackError("not_found");
    const definition = viewDefinition(args, view.type);
    const hash = str(args, "hash");
    if (hash !== undefined && hash !== view.view.hash) throw new SlackError("hash_conflict");
    ws.replaceView(view, definition);
    return viewResponse(view);
  },

  "views.publish": (ws, args) => {
    const userId = required(args, "user_id");
    if (!ws.users.has(userId)) throw new SlackError("user_not_found");
    const definition = viewDefinition(args, "home");
    const existing = ws.homeView(userId);
    const hash = str(args, "hash");
    if (existing && hash !== undefined && hash !== existing.view.hash) throw new SlackError("hash_conflict");
    return viewResponse(ws.createView(userId, definition, "home"));
  },
};

/** Runs one Web API method; Slack answers errors with HTTP 200 and `ok: false`. */
export function callMethod(ws: Workspace, method: string, args: Args): Record<string, unknown> {
  const handler = HANDLERS[method];
  if (!handler) return { ok: false, error: "unknown_method", req_method: method };
  try {
    return { ok: true, ...handler(ws, args) };
  } catch (error) {
    if (error instanceof SlackError) return { ok: false, error: error.error, ...error.details };
    throw error;
  }
}
