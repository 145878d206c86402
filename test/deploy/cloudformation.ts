import { readFileSync } from "node:fs";
import { parse, type Tags, type YAMLMap, type YAMLSeq } from "yaml";

/** The short forms of the intrinsic functions the templates use, read as their long forms. */
const FUNCTIONS = ["Ref", "GetAtt", "Sub", "If", "Not", "Equals"];
const CLOUDFORMATION_TAGS: Tags = FUNCTIONS.flatMap((name) => {
  const key = name === "Ref" ? "Ref" : `Fn::${name}`;
  return [
    {
      tag: `!${name}`,
      resolve: (value: string) => ({ [key]: name === "GetAtt" ? value.split(".") : value }),
    },
    {
      tag: `!${name}`,
      collection: "seq" as const,
      resolve: (items: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [key]: items.toJSON() }),
    },
  ];
});

export interface Template {
  Parameters: Record<string, { Default?: unknown }>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown }>;
  [section: string]: unknown;
}

export function loadTemplate(path: string): Template {
  return parse(readFileSync(path, "utf8"), { customTags: CLOUDFORMATION_TAGS }) as Template;
}

/** Replaces every `Ref` to a parameter with its default, as a deployment without overrides would. */
export function withDefaults<T>(node: T, template: Template): T {
  if (Array.isArray(node)) return node.map((item) => withDefaults(item, template)) as T;
  if (node === null || typeof node !== "object") return node;
  const ref = (node as { Ref?: unknown }).Ref;
  if (typeof ref === "string" && ref in template.Parameters) return template.Parameters[ref]?.Default as T;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withDefaults(v, template)])) as T;
}

/**
 * EventBridge's matching for the pattern features deploy/events.yaml uses: every field of the pattern must
 * match; a list matches a value equal to one of its strings (any element, when the event's value is a
 * list); an object matches the event's object field by field. Anything else is refused, not guessed.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (event === null || typeof event !== "object") return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = (event as Record<string, unknown>)[field];
    if (Array.isArray(expected)) {
      if (!expected.every((value) => typeof value === "string")) {
        throw new Error(`unsupported pattern for ${field}: ${JSON.stringify(expected)}`);
      }
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => expected.includes(value));
    }
    if (expected !== null && typeof expected === "object") {
      return matchesPattern(expected as Record<string, unknown>, actual);
    }
    throw new Error(`unsupported pattern for ${field}: ${JSON.stringify(expected)}`);
  });
}
