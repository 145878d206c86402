import { CATALOGS, type Catalog } from "../../partnercentral/model.ts";
import type { Token } from "./tokenize.ts";

/** What an option left out means: the configured catalog and digest window. */
export interface CommandDefaults {
  catalog: Catalog;
  windowDays: number;
}

/** A sentence a user can act on; every subcommand parser throws it. */
export class ParseError extends Error {}

/** Longest piece of user input echoed back in an error. */
const ECHO_LIMIT = 60;

export function echo(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > ECHO_LIMIT ? `${oneLine.slice(0, ECHO_LIMIT - 1)}…` : oneLine;
}

/** Options given as `key=value`, each at most once, checked against what the subcommand accepts. */
export class Options {
  private readonly values = new Map<string, string>();

  private readonly allowed: readonly string[];

  constructor(subcommand: string, tokens: Token[], allowed: readonly string[]) {
    this.allowed = allowed;
    for (const token of tokens) {
      if (token.key === undefined) {
        throw new ParseError(
          `\`${echo(token.raw)}\` is not an option of \`${subcommand}\`. ${this.allowedText()}`,
        );
      }
      if (!allowed.includes(token.key)) {
        throw new ParseError(
          `\`${subcommand}\` has no option \`${echo(token.key)}\`.${didYouMean(token.key, allowed, (o) => `${o}=`)} ${this.allowedText()}`,
        );
      }
      if (this.values.has(token.key)) {
        throw new ParseError(
          `\`${token.key}\` is given more than once; give it once (lists are comma-separated).`,
        );
      }
      if (token.value.trim() === "") {
        throw new ParseError(`\`${token.key}=\` needs a value.`);
      }
      this.values.set(token.key, token.value.trim());
    }
  }

  private allowedText(): string {
    return this.allowed.length
      ? `Options: ${this.allowed.map((o) => `\`${o}=\``).join(", ")}.`
      : "It takes no options.";
  }

  catalog(defaults: CommandDefaults): Catalog {
    const value = this.values.get("catalog");
    if (value === undefined) return defaults.catalog;
    const catalog = CATALOGS.find((c) => c.toLowerCase() === value.toLowerCase());
    if (!catalog) throw new ParseError(`\`catalog=${echo(value)}\` is not valid: use AWS or Sandbox.`);
    return catalog;
  }

  oneOf<T extends string>(key: string, choices: Record<string, T>): T | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    const choice = choices[value.toLowerCase()];
    if (choice === undefined) {
      throw new ParseError(`\`${key}=${echo(value)}\` is not valid: use ${listOf(Object.keys(choices))}.`);
    }
    return choice;
  }

  list(key: string, format: { pattern: RegExp; example: string }, what: string): string[] | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    const items = value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) throw new ParseError(`\`${key}=\` needs at least one ${what}.`);
    const ids = items.map((item) => {
      const id = canonicalId(item, format);
      if (!id)
        throw new ParseError(`\`${echo(item)}\` is not ${what}: they look like \`${format.example}\`.`);
      return id;
    });
    return [...new Set(ids)];
  }

  integer(key: string, range: { min: number; max: number }): number | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (!/^\d{1,6}$/.test(value) || Number(value) < range.min || Number(value) > range.max) {
      throw new ParseError(
        `\`${key}=${echo(value)}\` is not valid: use a whole number from ${range.min} to ${range.max}.`,
      );
    }
    return Number(value);
  }

  raw(key: string): string | undefined {
    return this.values.get(key);
  }
}

/**
 * An id as Partner Central writes it, typed in any case: its prefix (`engi-`, `pacinv-`) in lower case,
 * and the whole of it where ids are lower case throughout; undefined when no spelling matches `format`.
 * The rest of a mixed-case id (`pacinv-2bQ0…`) is kept as typed, since there case tells ids apart.
 */
export function canonicalId(typed: string, format: { pattern: RegExp }): string | undefined {
  const prefixLowered = typed.replace(/^[A-Za-z]+-/, (prefix) => prefix.toLowerCase());
  return [typed, prefixLowered, typed.toLowerCase()].find((id) => format.pattern.test(id));
}

/** Edits (insertions, deletions, substitutions) that turn one word into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** " Did you mean `engagements`?" for a typo of one of `choices` (a third of it wrong at most), else "". */
export function didYouMean(word: string, choices: readonly string[], format = (c: string) => c): string {
  const typed = word.toLowerCase();
  const [best] = choices
    .map((choice) => ({ choice, distance: editDistance(typed, choice) }))
    .filter(({ choice, distance }) => distance > 0 && distance <= Math.max(1, Math.floor(choice.length / 3)))
    .sort((a, b) => a.distance - b.distance);
  return best ? ` Did you mean \`${format(best.choice)}\`?` : "";
}

export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
