import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppLink } from "./app-link.ts";
import { readBody, sendJson } from "./http-util.ts";
import { Preview } from "./preview.ts";
import type { ApiCall, SlackStandin, StandinFailure, StandinOptions } from "./types.ts";
import { callMethod, JSON_ARGS } from "./web-api.ts";
import { isRecord, SlackError, Workspace } from "./workspace.ts";

export async function startSlackStandin(options: StandinOptions): Promise<SlackStandin> {
  const ws = new Workspace({
    teamId: options.teamId ?? "T0STANDIN",
    botUserId: options.botUserId ?? "U0STANDINBOT",
    botName: options.botName ?? "Partner Central",
    users: options.users ?? [],
    channels: options.channels ?? [],
    usergroups: options.usergroups ?? [],
    now: options.now ?? (() => new Date()),
  });
  const failures = new Map<string, Array<{ failure: StandinFailure; remaining: number }>>();
  const takeFailure = (method: string): StandinFailure | undefined => {
    const queue = failures.get(method);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next.failure;
  };

  let link: AppLink | undefined;
  let preview: Preview | undefined;
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: "internal_error", detail: String(error) });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin.invalid");
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (api?.[1] && (req.method === "POST" || req.method === "GET")) {
      return handleApi(req, res, api[1], url.searchParams);
    }
    const response = /^\/response\/(\w+)$/.exec(url.pathname);
    if (response?.[1] && req.method === "POST") return handleResponseUrl(req, res, response[1]);
    if (preview && (await preview.handle(req, res, url))) return;
    sendJson(res, 404, { ok: false, error: "not_found" });
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    query: URLSearchParams,
  ) {
    const raw = await readBody(req);
    const args = parseApiArgs(req.headers["content-type"] ?? "", raw, query);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
    delete args.token;
    ws.calls.push({ method, args, at: ws.now() });
    const failure = takeFailure(method);
    if (failure && "status" in failure) {
      res.setHeader("Retry-After", String(failure.retryAfter));
      return sendJson(res, 429, { ok: false, error: "ratelimited" });
    }
    if (!token) return sendJson(res, 200, { ok: false, error: "not_authed" });
    if (token !== options.botToken) return sendJson(res, 200, { ok: false, error: "invalid_auth" });
    if (failure) return sendJson(res, 200, { ok: false, error: failure.error });
    sendJson(res, 200, callMethod(ws, method, args));
  }

  async function handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string) {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const responseUrl = `${standin.url}/response/${id}`;
    ws.calls.push({
      method: "response_url",
      args: { ...(isRecord(body) ? body : {}), response_url: responseUrl },
      at: ws.now(),
    });
    const failure = takeFailure("response_url");
    if (failure && "status" in failure) {
      res.setHeader("Retry-After", String(failure.retryAfter));
      return sendJson(res, 429, { ok: false, error: "ratelimited" });
    }
    if (failure) return sendJson(res, 400, { ok: false, error: failure.error });
    if (!isRecord(body)) return sendJson(res, 400, { ok: false, error: "invalid_payload" });
    const context = ws.responseContext(id);
    if (typeof context === "string") return sendJson(res, 404, { ok: false, error: context });
    try {
      link?.applyResponse(context, body, responseUrl);
    } catch (error) {
      if (error instanceof SlackError)
        return sendJson(res, 400, { ok: false, error: error.error, ...error.details });
      throw error;
    }
    context.uses += 1;
    sendJson(res, 200, { ok: true });
  }

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const appLink = new AppLink(ws, options.signingSecret, base, options.appUrl);
  link = appLink;
  if (options.preview) preview = new Preview(ws, appLink, options.preview, host);

  const standin: SlackStandin = {
    url: base,
    apiUrl: `${base}/api/`,
    setAppUrl(appUrl) {
      appLink.appUrl = appUrl;
    },
    async close() {
      preview?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    get calls(): ReadonlyArray<ApiCall> {
      return ws.calls;
    },
    callsTo: (method) => ws.calls.filter((c) => c.method === method),
    messages: (channelId) => structuredClone(ws.messages(channelId)),
    message: (channelId, ts) => {
      const found = ws.message(channelId, ts);
      return found && structuredClone(found);
    },
    openViews: (userId) => structuredClone(ws.openViews(userId)),
    homeView: (userId) => {
      const found = ws.homeView(userId);
      return found && structuredClone(found);
    },
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      queue.push({ failure, remaining: times });
      failures.set(method, queue);
    },
    async waitFor(probe, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      let lastError: unknown;
      for (;;) {
        try {
          const value = await probe();
          if (value !== undefined && value !== false) return value;
        } catch (error) {
          // A probe may assert; keep polling and report its last complaint on timeout.
          lastError = error;
        }
        if (Date.now() >= deadline) {
          const detail = lastError instanceof Error ? `: ${lastError.message}` : "";
          throw new Error(`waitFor: condition not met within ${timeoutMs} ms${detail}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    slashCommand: (args) => appLink.slashCommand(args),
    clickButton: (args) => appLink.blockAction(args),
    submitView: (args) => appLink.submitView(args),
    openHome: (userId) => appLink.openHome(userId),
    inviteBot: (channelId, inviterId) => appLink.inviteBot(channelId, inviterId),
    sendSigned: (body, contentType, signOptions) => appLink.send(body, contentType, signOptions),
    on(event, listener) {
      ws.events.on(event, listener);
    },
  };
  return standin;
}

/** Web API arguments from a form or JSON body (Slack accepts both) plus the query string. */
function parseApiArgs(contentType: string, raw: string, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  if (contentType.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isRecord(parsed)) Object.assign(args, parsed);
    } catch {
      // Slack ignores an unparseable body; the method then reports the missing arguments.
    }
    return args;
  }
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = value;
    if (JSON_ARGS.has(key)) {
      try {
        args[key] = JSON.parse(value);
      } catch {
        // Left as a string: the method reports invalid_blocks_format / invalid_arguments.
      }
    }
  }
  return args;
}
