import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  BlockButtonAction,
  BlockOverflowAction,
  SlashCommand,
  ViewOutput,
  ViewSubmitAction,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, vi } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../dev/emulator/index.ts";
import { alertChannels, opportunityChannels } from "../../src/alerts/channels.ts";
import { AlertWatcher } from "../../src/alerts/watcher.ts";
import { loadConfig } from "../../src/config.ts";
import { Decisions } from "../../src/decisions/service.ts";
import { DEFAULT_RETRY } from "../../src/digest/run.ts";
import { DigestService } from "../../src/digest/subscriptions.ts";
import { HomeOpportunities } from "../../src/home/opportunities.ts";
import { HomeService } from "../../src/home/service.ts";
import { type AppLogger, createLogger } from "../../src/logger.ts";
import { OpportunityActions } from "../../src/opportunities/actions.ts";
import { OpportunityWatch } from "../../src/opportunities/watch.ts";
import { createPartnerCentralClients, destroyClients } from "../../src/partnercentral/clients.ts";
import { createPartnerCentral } from "../../src/partnercentral/index.ts";
import { Approvers } from "../../src/slack/approvers.ts";
import { type ActionClickArgs, type ButtonClickArgs, parseClick } from "../../src/slack/clicks.ts";
import type { ListenerDeps } from "../../src/slack/deps.ts";
import type {
  CommandArgs,
  HomeOpenedArgs,
  MemberJoinedArgs,
  ViewSubmitArgs,
} from "../../src/slack/listener-args.ts";
import type { Store } from "../../src/store/index.ts";
import {
  APPROVER,
  APPROVER_GROUP,
  BOT_TOKEN,
  CHANNEL,
  emulatorClientOptions,
  GROUP_MEMBER,
} from "./harness.ts";
import { memoryStore } from "./memory-store.ts";

/**
 * Listener unit tests, the Bolt starter template's way: a listener is called directly with Bolt's
 * middleware arguments built from small fakes (`ack`, `client`, `logger`), while what it calls behind
 * them is the app's own: services on an in-memory store and the real SDK clients on the emulator.
 */

/** The app's bot user, as Bolt's authorization finds it. */
export const BOT_USER_ID = "U0APPBOT001";

export const fakeAck = () => vi.fn(async (_response?: unknown) => undefined);

/** A logger that keeps what it was told, as JSON lines, for a test to read. */
export function fakeLogger(): { logger: AppLogger; lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  const logger = createLogger({
    level: "debug",
    destination: { write: (line: string) => written.push(line) },
  });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export interface WebApiCall {
  method: string;
  args: Record<string, unknown>;
}

export interface FakeClient {
  client: WebClient;
  calls: WebApiCall[];
  /** The arguments of each call to one method (e.g. "chat.postMessage"), in order. */
  callsTo(method: string): Array<Record<string, unknown>>;
}

/**
 * A WebClient whose every method (`client.chat.update(…)`, `client.views.open(…)`) is recorded and
 * answers `{ ok: true }`, or what `answers[method]` returns; an answer that throws makes the call fail,
 * as the Web API's errors do.
 */
export function fakeClient(
  answers: Record<string, (args: Record<string, unknown>) => unknown> = {},
): FakeClient {
  const calls: WebApiCall[] = [];
  const node = (path: string[]): unknown =>
    new Proxy(() => undefined, {
      get: (_target, property) => (typeof property === "string" ? node([...path, property]) : undefined),
      apply: async (_target, _this, [args]: [Record<string, unknown>?]) => {
        const method = path.join(".");
        calls.push({ method, args: args ?? {} });
        const answer = answers[method];
        return answer ? await answer(args ?? {}) : { ok: true };
      },
    });
  return {
    client: node([]) as WebClient,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
  };
}

/** A response URL the test can read: every answer a listener posts to it, in order. */
export async function responseCatcher(): Promise<{
  url: string;
  answers: Array<Record<string, unknown>>;
  close(): Promise<void>;
}> {
  const answers: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += String(chunk);
    });
    request.on("end", () => {
      answers.push(JSON.parse(body) as Record<string, unknown>);
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/response`,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ListenerWorld {
  deps: ListenerDeps;
  store: Store;
  emulator: Emulator;
  close(): Promise<void>;
}

/**
 * Everything a listener may use, composed as `src/compose.ts` does but without Slack: the store in
 * memory, Partner Central on an emulator of its own. `env` adds to a Slack-mode configuration whose
 * approvers are APPROVER and the members of APPROVER_GROUP.
 */
export async function listenerWorld(
  options: { env?: Record<string, string>; emulator?: EmulatorOptions; clock?: () => Date } = {},
): Promise<ListenerWorld> {
  const clock = options.clock ?? (() => new Date());
  const emulator = await startEmulator(options.emulator);
  const store = await memoryStore(clock);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: "listener-signing-secret",
    APPROVER_USER_IDS: APPROVER,
    APPROVER_USERGROUP_ID: APPROVER_GROUP,
    LOG_LEVEL: "error",
    ...options.env,
  });
  const clients = createPartnerCentralClients({
    region: config.partnerCentral.region,
    ...emulatorClientOptions(emulator),
  });
  const partnerCentral = createPartnerCentral(clients, clock);
  const logger = createLogger({ level: "error", destination: { write: () => undefined } });
  const catalog = config.partnerCentral.catalog;
  const digest = new DigestService({
    partnerCentral,
    store,
    clock,
    logger,
    instanceId: "listener-test",
    retry: DEFAULT_RETRY,
    sleep: async () => undefined,
    defaults: { ...config.digest, catalog },
  });
  const alerts = new AlertWatcher(
    { partnerCentral, store, catalog, logger, channels: () => alertChannels(store, config.alerts.channel) },
    clock,
  );
  const watch = new OpportunityWatch({
    partnerCentral,
    store,
    alerts,
    channels: async () => opportunityChannels(await alerts.channels()),
    catalog,
    clock,
    logger,
    readsPerSecond: 100,
  });
  const deps: ListenerDeps = {
    config,
    partnerCentral,
    store,
    decisions: new Decisions({ partnerCentral, store, taskPollMs: 1 }),
    approvers: new Approvers(config.approvers.userIds, config.approvers.usergroupId, clock),
    home: new HomeService({
      partnerCentral,
      store,
      catalog,
      clock,
      logger,
      subscriptions: () => digest.list(),
    }),
    alerts,
    clock,
    logger,
    digest,
    homeOpportunities: new HomeOpportunities({ store, catalog, clock, windowDays: config.digest.windowDays }),
    opportunityActions: new OpportunityActions({
      opportunities: partnerCentral.opportunities,
      store,
      watch,
      logger,
    }),
  };
  return {
    deps,
    store,
    emulator,
    async close() {
      await deps.home.stop();
      await store.close();
      destroyClients(clients);
      await emulator.close();
    },
  };
}

/** The client's answer to usergroups.users.list: APPROVER_GROUP holds GROUP_MEMBER. */
export const approverGroupAnswers = {
  "usergroups.users.list": () => ({ ok: true, users: [GROUP_MEMBER] }),
};

interface Common {
  client?: WebClient;
  ack?: ReturnType<typeof fakeAck>;
  logger?: AppLogger;
}

function middleware(common: Common) {
  const { logger } = fakeLogger();
  return {
    ack: common.ack ?? fakeAck(),
    client: common.client ?? fakeClient(approverGroupAnswers).client,
    logger: common.logger ?? logger,
    context: { botToken: BOT_TOKEN, botUserId: BOT_USER_ID, retryNum: undefined, retryReason: undefined },
    next: async () => undefined,
  };
}

/** A slash command's arguments, as Bolt builds them from Slack's request. */
export function buildCommandArgs(
  options: Common & { text: string; userId?: string; channelId?: string; responseUrl?: string },
): CommandArgs {
  const command: SlashCommand = {
    token: "verification-token",
    command: "/partnercentral",
    text: options.text,
    response_url: options.responseUrl ?? "http://127.0.0.1:9/unused",
    trigger_id: "trigger-1",
    user_id: options.userId ?? APPROVER,
    user_name: "someone",
    team_id: "T0TEAM00001",
    team_domain: "team",
    channel_id: options.channelId ?? CHANNEL,
    channel_name: "alliances",
    api_app_id: "A0APP000001",
  };
  const base = middleware(options);
  return {
    ...base,
    payload: command,
    command,
    body: command,
    say: vi.fn(async () => ({ ok: true })),
    respond: vi.fn(async () => ({ ok: true })),
  } as unknown as CommandArgs;
}

/** Where a click happened: a channel message (with its blocks), an ephemeral answer, or the App Home. */
export type ClickPlace =
  | {
      kind: "message";
      channelId?: string;
      ts?: string;
      blocks: unknown[];
      text?: string;
      /** Where answers to the click go; by default an address nothing listens on. */
      responseUrl?: string;
    }
  | { kind: "ephemeral"; channelId?: string; responseUrl: string }
  | { kind: "home" }
  /** A modal (Details) the user has open, showing these blocks. */
  | { kind: "modal"; blocks: unknown[]; title?: string };

function clickBody(place: ClickPlace, userId: string, action: unknown) {
  const common = {
    type: "block_actions",
    user: { id: userId, username: "someone", name: "someone", team_id: "T0TEAM00001" },
    api_app_id: "A0APP000001",
    token: "verification-token",
    trigger_id: "trigger-1",
    team: { id: "T0TEAM00001", domain: "team" },
    actions: [action],
  };
  if (place.kind === "home") {
    return {
      ...common,
      container: { type: "view", view_id: "V0HOME00001" },
      view: { id: "V0HOME00001", type: "home" },
    };
  }
  if (place.kind === "modal") {
    return {
      ...common,
      container: { type: "view", view_id: "V0MODAL0002" },
      view: {
        id: "V0MODAL0002",
        type: "modal",
        title: { type: "plain_text", text: place.title ?? "Opportunity" },
        blocks: place.blocks,
      },
    };
  }
  const channelId = place.channelId ?? CHANNEL;
  if (place.kind === "ephemeral") {
    return {
      ...common,
      container: {
        type: "message",
        message_ts: "1700000000.000200",
        channel_id: channelId,
        is_ephemeral: true,
      },
      channel: { id: channelId, name: "alliances" },
      response_url: place.responseUrl,
    };
  }
  const ts = place.ts ?? "1700000000.000100";
  return {
    ...common,
    container: { type: "message", message_ts: ts, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: "alliances" },
    message: { type: "message", ts, text: place.text ?? "", blocks: place.blocks },
    response_url: place.responseUrl ?? "http://127.0.0.1:9/unused",
  };
}

/** A button click's arguments, as the app's click edge hands them on (with the click read from the value). */
export function buildButtonArgs(
  options: Common & { actionId: string; value: string; place: ClickPlace; userId?: string },
): ButtonClickArgs {
  const action = {
    type: "button",
    action_id: options.actionId,
    block_id: "block-1",
    value: options.value,
    text: { type: "plain_text", text: "Button" },
    action_ts: "1700000000.000300",
  } as BlockButtonAction["actions"][number];
  const body = clickBody(options.place, options.userId ?? APPROVER, action);
  return {
    ...middleware(options),
    payload: action,
    action,
    body,
    say: vi.fn(async () => ({ ok: true })),
    respond: vi.fn(async () => ({ ok: true })),
    click: parseClick(action),
  } as unknown as ButtonClickArgs;
}

/** An overflow menu choice's arguments, as the click edge hands them on. */
export function buildOverflowArgs(
  options: Common & { actionId: string; value: string; place: ClickPlace; userId?: string },
): ActionClickArgs {
  const action = {
    type: "overflow",
    action_id: options.actionId,
    block_id: "block-1",
    selected_option: { text: { type: "plain_text", text: "Option" }, value: options.value },
    action_ts: "1700000000.000300",
  } as BlockOverflowAction["actions"][number];
  const body = clickBody(options.place, options.userId ?? APPROVER, action);
  return {
    ...middleware(options),
    payload: action,
    action,
    body,
    say: vi.fn(async () => ({ ok: true })),
    respond: vi.fn(async () => ({ ok: true })),
    click: parseClick(action),
  } as unknown as ActionClickArgs;
}

/** A modal's submission: `values` as Slack sends `view.state.values`. */
export function buildViewSubmitArgs(
  options: Common & {
    callbackId: string;
    privateMetadata: string;
    values: ViewOutput["state"]["values"];
    userId?: string;
  },
): ViewSubmitArgs {
  const view = {
    id: "V0MODAL0001",
    type: "modal",
    callback_id: options.callbackId,
    private_metadata: options.privateMetadata,
    state: { values: options.values },
    hash: "hash-1",
    title: { type: "plain_text", text: "Modal" },
    blocks: [],
    team_id: "T0TEAM00001",
    app_id: "A0APP000001",
    bot_id: "B0BOT000001",
    close: null,
    submit: null,
    notify_on_close: false,
    clear_on_close: false,
    root_view_id: "V0MODAL0001",
    previous_view_id: null,
    external_id: "",
    app_installed_team_id: "T0TEAM00001",
  } as unknown as ViewOutput;
  const body = {
    type: "view_submission",
    user: { id: options.userId ?? APPROVER, name: "someone", team_id: "T0TEAM00001" },
    team: { id: "T0TEAM00001", domain: "team" },
    api_app_id: "A0APP000001",
    token: "verification-token",
    trigger_id: "trigger-1",
    view,
  } as unknown as ViewSubmitAction;
  return { ...middleware(options), payload: view, view, body } as unknown as ViewSubmitArgs;
}

/** An Events API event's arguments, as Bolt builds them from Slack's event_callback. */
function eventArgs(common: Common, event: Record<string, unknown>) {
  return {
    ...middleware(common),
    payload: event,
    event,
    body: { type: "event_callback", event, team_id: "T0TEAM00001", api_app_id: "A0APP000001" },
    say: vi.fn(async () => ({ ok: true })),
  };
}

/** The `app_home_opened` event's arguments, for the Home tab. */
export function buildHomeOpenedArgs(
  options: Common & { userId?: string; tab?: "home" | "messages" },
): HomeOpenedArgs {
  const event = {
    type: "app_home_opened",
    user: options.userId ?? APPROVER,
    channel: "D0DIRECT001",
    tab: options.tab ?? "home",
    event_ts: "1700000000.000400",
  };
  return eventArgs(options, event) as unknown as HomeOpenedArgs;
}

/** The `member_joined_channel` event's arguments: `userId` joined `channelId` (the app itself by default). */
export function buildMemberJoinedArgs(
  options: Common & { channelId: string; userId?: string; inviter?: string },
): MemberJoinedArgs {
  const event = {
    type: "member_joined_channel",
    user: options.userId ?? BOT_USER_ID,
    channel: options.channelId,
    channel_type: options.channelId.startsWith("G") ? "G" : "C",
    team: "T0TEAM00001",
    ...(options.inviter ? { inviter: options.inviter } : {}),
    event_ts: "1700000000.000500",
  };
  return eventArgs(options, event) as unknown as MemberJoinedArgs;
}

/**
 * A listener world and a response URL catcher for the tests of one file: started before them, closed
 * after them. Read them inside tests (`shared.world`, `shared.responses`).
 */
export function sharedListenerWorld(options: Parameters<typeof listenerWorld>[0] = {}): {
  readonly world: ListenerWorld;
  readonly responses: Awaited<ReturnType<typeof responseCatcher>>;
} {
  let world: ListenerWorld | undefined;
  let responses: Awaited<ReturnType<typeof responseCatcher>> | undefined;
  beforeAll(async () => {
    world = await listenerWorld(options);
    responses = await responseCatcher();
  });
  afterAll(async () => {
    await responses?.close();
    await world?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the listener world starts before the file's tests");
    return value;
  };
  return {
    get world() {
      return started(world);
    },
    get responses() {
      return started(responses);
    },
  };
}
