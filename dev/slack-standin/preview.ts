import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AppLink, DEFAULT_COMMAND } from "./app-link.js";
import { plainOf, type RenderContext, renderBlocks, renderText } from "./blocks.js";
import { readBody, sendJson } from "./http-util.js";
import { escapeHtml, formatSlackDate, renderMrkdwn } from "./mrkdwn.js";
import type { StandinMessage, StandinOptions, StandinView } from "./types.js";
import { isRecord, SLACKBOT_USER_ID, type Workspace } from "./workspace.js";

type PreviewOptions = NonNullable<StandinOptions["preview"]>;

/** Files of the page, read at request time so the page needs no build step. */
const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/ui/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/ui/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

// Images in Block Kit come from anywhere; nothing else may load or run.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const EYE_ICON =
  '<svg viewBox="0 0 20 20" aria-hidden="true"><path fill="currentColor" d="M10 4C5.5 4 2.2 7.2 1 10c1.2 2.8 4.5 6 9 6s7.8-3.2 9-6c-1.2-2.8-4.5-6-9-6Zm0 10a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z"/></svg>';

const HEALTH_TIMEOUT_MS = 2_000;

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

/** The browser page at "/": a Slack-like channel view driven entirely by the stand-in's state. */
export class Preview {
  private readonly streams = new Set<ServerResponse>();
  private readonly onChange = () => {
    for (const stream of this.streams) stream.write("data: change\n\n");
  };

  constructor(
    private readonly ws: Workspace,
    private readonly link: AppLink,
    private readonly options: PreviewOptions,
    private readonly bindHost: string,
  ) {
    ws.events.on("change", this.onChange);
  }

  close(): void {
    this.ws.events.off("change", this.onChange);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  /** Handles the page's routes; false when the path is not one of them. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (req.method === "GET" && path === "/healthz") {
      await this.health(res);
      return true;
    }
    const isPreviewPath = path === "/" || path.startsWith("/ui/");
    if (!isPreviewPath) return false;
    // A page on another site (or a rebound DNS name) must not drive the preview as one of its users.
    const host = req.headers.host ?? "";
    if (LOOPBACK_HOST.test(this.bindHost) && !LOOPBACK_HOST.test(host)) {
      sendJson(res, 403, { ok: false, error: "forbidden_host" });
      return true;
    }
    const file = STATIC[path];
    if (req.method === "GET" && file) {
      const body = await readFile(new URL(`./ui/${file.file}`, import.meta.url));
      res.writeHead(200, {
        "Content-Type": file.type,
        "Cache-Control": "no-store",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      });
      res.end(body);
      return true;
    }
    if (req.method === "GET" && path === "/ui/state") {
      sendJson(res, 200, this.state(url.searchParams));
      return true;
    }
    if (req.method === "GET" && path === "/ui/stream") {
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
      });
      res.write("retry: 1000\n\n");
      this.streams.add(res);
      req.on("close", () => this.streams.delete(res));
      return true;
    }
    if (req.method === "POST" && path.startsWith("/ui/")) {
      const origin = req.headers.origin;
      if (
        !(req.headers["content-type"] ?? "").includes("application/json") ||
        (origin !== undefined && hostOf(origin) !== host)
      ) {
        sendJson(res, 403, { ok: false, error: "forbidden_origin" });
        return true;
      }
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        body = undefined;
      }
      if (!isRecord(body)) {
        sendJson(res, 400, { ok: false, notice: "Bad request" });
        return true;
      }
      try {
        const result = await this.post(path, body);
        if (result === undefined) return false;
        sendJson(res, 200, result);
      } catch (error) {
        sendJson(res, 400, { ok: false, notice: error instanceof Error ? error.message : String(error) });
      }
      return true;
    }
    return false;
  }

  /** The page owns the preview's PORT, so the app's readiness probe is answered here, with the app's answer. */
  private async health(res: ServerResponse): Promise<void> {
    try {
      if (!this.link.appUrl) throw new Error("no app yet");
      const answer = await fetch(`${this.link.appUrl.replace(/\/+$/, "")}/healthz`, {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
      const body = await answer.text();
      res.writeHead(answer.status, {
        "Content-Type": answer.headers.get("content-type") ?? "application/json",
        "Content-Length": Buffer.byteLength(body),
      });
      res.end(body);
    } catch {
      sendJson(res, 503, { status: "starting" });
    }
  }

  private previewUsers() {
    const ids = this.options.userIds ?? [...this.ws.users.keys()];
    return ids.flatMap((id) => this.ws.users.get(id) ?? []);
  }

  private userParam(value: unknown): string {
    const users = this.previewUsers();
    const found = users.find((u) => u.id === value);
    const user = found ?? users[0];
    if (!user) throw new Error("The preview has no users to act as");
    return user.id;
  }

  private async post(
    path: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown> | undefined> {
    const userId = this.userParam(body.userId);
    const str = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : undefined);
    switch (path) {
      case "/ui/command": {
        const text = (str("text") ?? "").trim();
        const channelId = str("channelId") ?? "";
        if (!this.ws.resolveChannel(channelId)) throw new Error("Unknown channel");
        if (text === "") return { ok: true };
        const command = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
        if (!command) {
          this.ws.addMessage({ channelId, userId, text: escapeSlack(text), blocks: [] });
          return { ok: true };
        }
        if (command[1] !== DEFAULT_COMMAND) {
          this.ws.addMessage({
            channelId,
            userId: SLACKBOT_USER_ID,
            text: `\`${escapeSlack(command[1] ?? "")}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
            blocks: [],
            ephemeralFor: userId,
          });
          return { ok: true };
        }
        const result = await this.link.slashCommand({
          text: command[2] ?? "",
          userId,
          channelId,
          command: command[1],
        });
        return { ok: result.status === 200 };
      }
      case "/ui/action": {
        const result = await this.link.blockAction({
          userId,
          channelId: str("channelId"),
          messageTs: str("messageTs"),
          viewId: str("viewId"),
          actionId: str("actionId") ?? "",
          blockId: str("blockId"),
          value: body.value,
          viewValues: isRecord(body.viewValues)
            ? (body.viewValues as Record<string, Record<string, unknown>>)
            : undefined,
        });
        return result.status === 200
          ? { ok: true }
          : { ok: false, notice: `The app didn't handle that action (${describeFailure(result)}).` };
      }
      case "/ui/submit": {
        const values = isRecord(body.values) ? (body.values as Record<string, Record<string, unknown>>) : {};
        const result = await this.link.submitView({ userId, viewId: str("viewId") ?? "", values });
        // Slack's own words when a submission gets no good answer.
        return result.status === 200
          ? { ok: true }
          : { ok: false, notice: `We had some trouble connecting. Try again? (${describeFailure(result)})` };
      }
      case "/ui/close": {
        await this.link.closeView(userId, body.all === true);
        return { ok: true };
      }
      case "/ui/home": {
        const result = await this.link.openHome(userId);
        return result.status === 200
          ? { ok: true }
          : { ok: false, notice: `The app's Home tab didn't load (${describeFailure(result)}).` };
      }
      default:
        return undefined;
    }
  }

  private state(params: URLSearchParams): Record<string, unknown> {
    const userId = this.userParam(params.get("user"));
    const timeZone = validTimeZone(params.get("tz"));
    const channels = [...this.ws.channels.values()].filter((c) => !c.imUser);
    const requestedChannel = this.ws.channels.get(params.get("channel") ?? "");
    // Another user's DM with the bot is not something this user can open.
    const requested =
      requestedChannel?.imUser && requestedChannel.imUser !== userId ? undefined : requestedChannel;
    const dm = this.ws.dmChannel(userId);
    const channel =
      (params.get("app") === "1" ? dm : undefined) ??
      requested ??
      this.ws.channels.get(this.options.defaultChannelId ?? "") ??
      channels[0] ??
      dm;
    const ctx = this.renderContext(timeZone);
    const modal = this.ws.openViews(userId).at(-1);
    const home = this.ws.homeView(userId);
    return {
      title: this.options.title ?? this.ws.botName,
      botName: this.ws.botName,
      command: DEFAULT_COMMAND,
      users: this.previewUsers().map((u) => ({
        id: u.id,
        name: u.name,
        realName: u.realName,
        title: u.title ?? "",
      })),
      userId,
      channels: channels.map((c) => ({ id: c.id, name: c.name, isPrivate: c.isPrivate })),
      dmChannelId: dm.id,
      channel: {
        id: channel.id,
        name: channel.imUser ? this.ws.botName : channel.name,
        isPrivate: channel.isPrivate,
        isIm: Boolean(channel.imUser),
      },
      messages: this.messagesHtml(channel.id, channel.imUser ? undefined : channel.name, userId, ctx),
      modal: modal ? { viewId: modal.id, key: viewKey(modal), html: this.modalHtml(modal, ctx) } : null,
      home: home ? { viewId: home.id, key: viewKey(home), html: this.homeHtml(home, ctx) } : null,
    };
  }

  private renderContext(timeZone: string): RenderContext {
    const ws = this.ws;
    return {
      userName: (id) => (ws.users.has(id) || id === ws.botUserId ? ws.userName(id) : undefined),
      channelName: (id) => ws.channels.get(id)?.name,
      usergroupHandle: (id) => ws.usergroups.get(id)?.handle,
      timeZone,
      now: ws.now(),
      users: [...ws.users.values()],
      channels: [...ws.channels.values()].filter((c) => !c.imUser),
    };
  }

  private messagesHtml(
    channelId: string,
    channelName: string | undefined,
    userId: string,
    ctx: RenderContext,
  ): string {
    const visible = this.ws
      .messages(channelId)
      .filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === userId);
    const intro = channelName
      ? `<div class="sl-intro"><h2>#${escapeHtml(channelName)}</h2><p>This is the very beginning of the <b>#${escapeHtml(channelName)}</b> channel.</p></div>`
      : `<div class="sl-intro"><h2>${escapeHtml(this.ws.botName)}</h2><p>This is your direct message history with <b>${escapeHtml(this.ws.botName)}</b>.</p></div>`;
    let lastDay = "";
    const rows = visible.map((m) => {
      const seconds = Number(m.ts.split(".")[0]);
      const day = formatSlackDate(seconds, "{date_num}", ctx.timeZone, ctx.now) ?? "";
      const divider =
        day !== lastDay
          ? `<div class="sl-day" role="separator"><span>${escapeHtml(capitalize(formatSlackDate(seconds, "{date_long_pretty}", ctx.timeZone, ctx.now) ?? ""))}</span></div>`
          : "";
      lastDay = day;
      return divider + this.messageHtml(m, ctx);
    });
    return intro + rows.join("");
  }

  private messageHtml(m: StandinMessage, ctx: RenderContext): string {
    const isBot = m.userId === this.ws.botUserId;
    const name = this.ws.userName(m.userId);
    const seconds = Number(m.ts.split(".")[0]);
    const time = formatSlackDate(seconds, "{time}", ctx.timeZone, ctx.now) ?? "";
    const body =
      m.blocks.length > 0
        ? renderBlocks(m.blocks, ctx)
        : `<div class="sl-mrkdwn">${renderMrkdwn(m.text, ctx)}</div>`;
    const avatarClass = isBot ? " sl-avatar-bot" : m.userId === SLACKBOT_USER_ID ? " sl-avatar-slackbot" : "";
    return `<div class="sl-msg${m.ephemeralFor ? " sl-ephemeral" : ""}" data-sl-container="message" data-channel="${escapeHtml(m.channelId)}" data-ts="${escapeHtml(m.ts)}">
<div class="sl-avatar${avatarClass}" aria-hidden="true">${escapeHtml(initials(name))}</div>
<div class="sl-msg-body">
${m.ephemeralFor ? `<div class="sl-only-you">${EYE_ICON} Only visible to you</div>` : ""}
<div class="sl-msg-head"><span class="sl-name">${escapeHtml(name)}</span>${isBot ? `<span class="sl-app-badge">APP</span>` : ""}<time class="sl-time" datetime="${new Date(seconds * 1000).toISOString()}">${escapeHtml(time)}</time>${m.updatedAt ? `<span class="sl-edited">(edited)</span>` : ""}</div>
${m.threadTs ? `<div class="sl-thread-note">replied to a thread</div>` : ""}
<div class="sl-msg-content">${body}</div>
</div></div>`;
  }

  private modalHtml(view: StandinView, ctx: RenderContext): string {
    const v = view.view;
    const depth = this.ws.openViews(view.userId).length;
    const title = renderText(v.title, ctx);
    const close = plainOf(v.close) || "Cancel";
    const submit = isRecord(v.submit)
      ? `<button type="button" class="sl-btn sl-btn-primary" data-sl-modal="submit">${renderText(v.submit, ctx)}</button>`
      : "";
    return `<div class="sl-modal" role="dialog" aria-modal="true" aria-labelledby="sl-modal-title" data-sl-container="view" data-view-id="${escapeHtml(view.id)}">
<header class="sl-modal-head">${depth > 1 ? `<button type="button" class="sl-icon-btn" data-sl-modal="close" aria-label="Back">‹</button>` : ""}<div class="sl-modal-app" aria-hidden="true">${escapeHtml(initials(this.ws.botName))}</div><h2 id="sl-modal-title">${title}</h2><button type="button" class="sl-icon-btn" data-sl-modal="dismiss" aria-label="Close">×</button></header>
<form class="sl-modal-body" novalidate>${renderBlocks(v.blocks, { ...ctx, errors: view.errors })}</form>
<footer class="sl-modal-foot"><button type="button" class="sl-btn" data-sl-modal="close">${escapeHtml(close)}</button>${submit}</footer>
</div>`;
  }

  private homeHtml(view: StandinView, ctx: RenderContext): string {
    return `<div class="sl-home" data-sl-container="view" data-view-id="${escapeHtml(view.id)}">${renderBlocks(view.view.blocks, ctx)}</div>`;
  }
}

/** Changes whenever the page must redraw a view (new content or new errors), and only then. */
function viewKey(view: StandinView): string {
  return `${view.id}:${view.view.hash}:${JSON.stringify(view.errors ?? {})}`;
}

/** What the composer types is plain text; Slack escapes it before it becomes mrkdwn. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The host of an Origin header; undefined for "null" and other unparseable origins. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function describeFailure(result: { status: number; body: string }): string {
  return result.status === 0 ? result.body : `HTTP ${result.status}`;
}

function validTimeZone(value: string | null): string {
  if (!value) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value;
  } catch {
    return "UTC";
  }
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return (
    words
      .slice(0, 2)
      .map((w) => [...w][0] ?? "")
      .join("")
      .toUpperCase() || "?"
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
