import {
  OPPORTUNITY_SORTS,
  type OpportunityListQuery,
  type OpportunitySort,
} from "../../opportunities/list.ts";
import type { Catalog } from "../../partnercentral/model.ts";
import {
  CLOSED_STAGES,
  OPEN_STAGES,
  OPPORTUNITY_ID,
  REVIEW_STATUSES,
  type ReviewStatus,
  STAGES,
  type Stage,
} from "../../partnercentral/opportunity-model.ts";
import { type CommandDefaults, didYouMean, echo, listOf, Options, ParseError } from "./options.ts";
import type { Token } from "./tokenize.ts";

/** A value as typed, in the form the choices below use: `Closed Lost`, `closed_lost` → `closed-lost`. */
const word = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");

const STAGE_WORDS: Record<string, readonly Stage[]> = {
  ...Object.fromEntries(STAGES.map((stage) => [word(stage), [stage]])),
  open: OPEN_STAGES,
  closed: CLOSED_STAGES,
};
const REVIEW_WORDS: Record<string, ReviewStatus> = Object.fromEntries(
  REVIEW_STATUSES.map((status) => [word(status), status]),
);

/** The most values each list filter of ListOpportunities takes. */
const MAX_FILTER_VALUES = 10;
const MAX_CLOSING_DAYS = 365;

/**
 * A comma-separated list of choices, each checked, with "Did you mean" for a typo; `all` alone stands for
 * no filter (undefined).
 */
function choices<T>(options: Options, key: string, table: Record<string, readonly T[] | T>): T[] | undefined {
  const raw = options.raw(key);
  if (raw === undefined) return undefined;
  const items = raw.split(",").map(word).filter(Boolean);
  const allowed = [...Object.keys(table), "all"];
  if (items.includes("all")) {
    if (items.length > 1) throw new ParseError(`\`${key}=all\` cannot be combined with other values.`);
    return undefined;
  }
  if (items.length === 0) throw new ParseError(`\`${key}=\` needs a value: ${listOf(allowed)}.`);
  const found = new Set<T>();
  for (const item of items) {
    const value = table[item];
    if (value === undefined) {
      throw new ParseError(
        `\`${key}=${echo(item)}\` is not valid: use ${listOf(allowed)}.${didYouMean(item, allowed, (v) => `${key}=${v}`)}`,
      );
    }
    for (const one of Array.isArray(value) ? value : [value as T]) found.add(one);
  }
  if (found.size > MAX_FILTER_VALUES) {
    throw new ParseError(`\`${key}=\` takes at most ${MAX_FILTER_VALUES} values.`);
  }
  return [...found];
}

const MINE = "mine";

/** `opportunities [stage=…] [review=…] [closing=N] [customer=…] [mine] [sort=…]`. */
export function parseOpportunities(rest: Token[], defaults: CommandDefaults): OpportunityListQuery {
  const flags = rest.filter((t) => t.key === undefined);
  for (const flag of flags) {
    if (word(flag.value) !== MINE) {
      const hint = didYouMean(word(flag.value), [MINE]);
      throw new ParseError(
        `\`${echo(flag.raw)}\` is not an option of \`opportunities\`.${hint} Options: \`mine\`, \`stage=\`, \`review=\`, \`closing=\`, \`customer=\`, \`sort=\`, \`catalog=\`.`,
      );
    }
  }
  const options = new Options(
    "opportunities",
    rest.filter((t) => t.key !== undefined),
    ["stage", "review", "closing", "customer", "sort", "catalog"],
  );
  const stages =
    options.raw("stage") === undefined ? [...OPEN_STAGES] : choices(options, "stage", STAGE_WORDS);
  const reviewStatuses = choices(options, "review", REVIEW_WORDS);
  const customerNames = customers(options.raw("customer"));
  const closingWithinDays = options.integer("closing", { min: 0, max: MAX_CLOSING_DAYS });
  const sortWord = options.raw("sort");
  const sort = sortWord === undefined ? "action" : word(sortWord);
  if (!(OPPORTUNITY_SORTS as readonly string[]).includes(sort)) {
    throw new ParseError(
      `\`sort=${echo(sortWord ?? "")}\` is not valid: use ${listOf([...OPPORTUNITY_SORTS])}.${didYouMean(sort, OPPORTUNITY_SORTS, (v) => `sort=${v}`)}`,
    );
  }
  return {
    catalog: options.catalog(defaults),
    ...(stages ? { stages } : {}),
    ...(reviewStatuses ? { reviewStatuses } : {}),
    ...(customerNames ? { customerNames } : {}),
    ...(closingWithinDays !== undefined ? { closingWithinDays } : {}),
    mine: flags.length > 0,
    sort: sort as OpportunitySort,
  };
}

function customers(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = [
    ...new Set(
      raw
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) throw new ParseError("`customer=` needs a company name.");
  if (names.length > MAX_FILTER_VALUES) {
    throw new ParseError(`\`customer=\` takes at most ${MAX_FILTER_VALUES} company names.`);
  }
  const long = names.find((name) => name.length > 120);
  if (long) throw new ParseError(`\`${echo(long)}\` is longer than a company name can be (120 characters).`);
  return names;
}

/** `opportunity <id>`: ids look like O1234567; a lower-case o is taken as the same. */
export function parseOpportunity(rest: Token[], defaults: CommandDefaults): { catalog: Catalog; id: string } {
  const [first, ...others] = rest;
  if (!first || first.key !== undefined) {
    throw new ParseError(
      `\`opportunity\` needs an opportunity id, for example \`/partnercentral opportunity ${OPPORTUNITY_ID.example}\`.`,
    );
  }
  const id = first.value.replace(/^o/, "O");
  if (!OPPORTUNITY_ID.pattern.test(id)) {
    throw new ParseError(
      `\`${echo(first.value)}\` is not an opportunity id: they look like \`${OPPORTUNITY_ID.example}\`.`,
    );
  }
  const options = new Options("opportunity", others, ["catalog"]);
  return { catalog: options.catalog(defaults), id };
}
