import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AppLink, DEFAULT_COMMAND } from "./app-link.ts";
import { readBody, sendJson } from "./http-util.ts";
import { PageFeed, type PageSubject } from "./page-feed.ts";
import type { StandinOptions, WorkspaceChange } from "./types.ts";
import { isRecord, SLACKBOT_USER_ID, type Workspace } from "./workspace.ts";

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

const HEALTH_TIMEOUT_MS = 2_000;

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

/** The browser page at "/": a Slack-like channel view driven entirely by the stand-in's state. */
export class Preview {
  /** Each open page's event stream and what it was sent. */
  private readonly feeds = new Map<ServerResponse, PageFeed>();
  private readonly onChange = (change: WorkspaceChange) => {
    for (const feed of this.feeds.values()) feed.apply(change);
  };

  private readonly ws: Workspace;
  private readonly link: AppLink;
  private readonly options: PreviewOptions;
  private readonly bindHost: string;

  constructor(ws: Workspace, link: AppLink, options: PreviewOptions, bindHost: string) {
    this.ws = ws;
    this.link = link;
    this.options = options;
    this.bindHost = bindHost;
    ws.events.on("change", this.onChange);
  }

  close(): void {
    this.ws.events.off("change", this.onChange);
    for (const stream of this.feeds.keys()) stream.end();
    this.feeds.clear();
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
    if (req.method === "GET" && path === "/ui/stream") {
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
      });
      res.write("retry: 1000\n\n");
      const feed = new PageFeed(this.ws, this.subject(url.searchParams), (event, data) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      feed.start(this.page());
      this.feeds.set(res, feed);
      req.on("close", () => this.feeds.delete(res));
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
        if (command[1] === "/invite" && this.mentionsBot(command[2] ?? "")) {
          await this.link.inviteBot(channelId, userId);
          return { ok: true, notice: `${this.ws.botName} was added to the channel.` };
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
      case "/ui/reload": {
        // Slack's client forgets its open modals when it reloads; so does the page, for everyone it acts as.
        for (const user of this.previewUsers()) {
          if (this.ws.openViews(user.id).length > 0) await this.link.closeView(user.id, true);
        }
        return { ok: true };
      }
      case "/ui/simulate": {
        const simulate = this.options.onSimulateInvitation;
        if (!simulate) throw new Error("This preview cannot simulate invitations");
        return { ok: true, notice: await simulate() };
      }
      case "/ui/simulate-action": {
        const simulate = this.options.onSimulateActionRequired;
        if (!simulate) throw new Error("This preview cannot simulate AWS asking for action");
        return { ok: true, notice: await simulate() };
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

  /** `@Partner Central`, as `/invite` is typed with the app's name. */
  private mentionsBot(text: string): boolean {
    return text.trim().replace(/^@/, "").toLowerCase() === this.ws.botName.toLowerCase();
  }

  /** Who the page acts as and which channel it shows (`app=1`: the user's DM with the app). */
  private subject(params: URLSearchParams): PageSubject {
    const userId = this.userParam(params.get("user"));
    const requestedChannel = this.ws.channels.get(params.get("channel") ?? "");
    // Another user's DM with the bot is not something this user can open.
    const requested =
      requestedChannel?.imUser && requestedChannel.imUser !== userId ? undefined : requestedChannel;
    const dm = this.ws.dmChannel(userId);
    const channel =
      (params.get("app") === "1" ? dm : undefined) ??
      requested ??
      this.ws.channels.get(this.options.defaultChannelId ?? "") ??
      this.channels()[0] ??
      dm;
    return { userId, channel, timeZone: validTimeZone(params.get("tz")) };
  }

  private channels() {
    return [...this.ws.channels.values()].filter((c) => !c.imUser);
  }

  /** What every page shows, whoever looks. */
  private page(): Record<string, unknown> {
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
      channels: this.channels().map((c) => ({ id: c.id, name: c.name, isPrivate: c.isPrivate })),
      canSimulate: this.options.onSimulateInvitation !== undefined,
      canSimulateAction: this.options.onSimulateActionRequired !== undefined,
    };
  }
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
