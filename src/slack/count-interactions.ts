import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Metrics } from "../metrics.ts";
import { SUBCOMMANDS } from "./commands/parse.ts";
import { ACTION, VIEW } from "./ids.ts";

const SUBCOMMAND_NAMES: ReadonlySet<string> = new Set(SUBCOMMANDS);
const ACTION_IDS: ReadonlySet<string> = new Set(Object.values(ACTION));
const VIEW_IDS: ReadonlySet<string> = new Set(Object.values(VIEW));

/** One of a known set, else a fixed word: what people type or forge must not make new series. */
const known = (ids: ReadonlySet<string>, id: unknown, otherwise: string) =>
  typeof id === "string" && ids.has(id) ? id : otherwise;

/**
 * What a request is, as the metrics name it: a command by its subcommand (nothing typed is `help`), a
 * click by its action id, a form by its callback id; undefined for events, which are not counted here.
 */
export function interactionOf(body: unknown): { metric: "commands" | "clicks"; kind: string } | undefined {
  const b = (body ?? {}) as {
    command?: string;
    text?: string;
    type?: string;
    actions?: Array<{ action_id?: string }>;
    view?: { callback_id?: string };
  };
  if (typeof b.command === "string") {
    const first = (b.text ?? "").trim().split(/\s+/)[0]?.toLowerCase() || "help";
    return { metric: "commands", kind: known(SUBCOMMAND_NAMES, first, "other") };
  }
  if (b.type === "block_actions")
    return { metric: "clicks", kind: known(ACTION_IDS, b.actions?.[0]?.action_id, "other") };
  if (b.type === "view_submission" || b.type === "view_closed")
    return { metric: "clicks", kind: known(VIEW_IDS, b.view?.callback_id, "other") };
  return undefined;
}

/** Counts every command and click with its outcome: `error` when its listener threw, else `ok`. */
export function countInteractions(
  metrics: Pick<Metrics, "commands" | "clicks">,
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const interaction = interactionOf(body);
    if (!interaction) return next();
    let outcome = "error";
    try {
      await next();
      outcome = "ok";
    } finally {
      metrics[interaction.metric].inc({ kind: interaction.kind, outcome });
    }
  };
}
