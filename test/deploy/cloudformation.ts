import { readFileSync } from "node:fs";
import { parse, type Tags, type YAMLMap, type YAMLSeq } from "yaml";

/** The short forms of the intrinsic functions the templates use, read as their long forms. */
const FUNCTIONS = ["Ref", "GetAtt", "Sub", "If", "Not", "Equals", "Select", "Condition"];
const CLOUDFORMATION_TAGS: Tags = FUNCTIONS.flatMap((name) => {
  const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
  return [
    {
      tag: `!${name}`,
      // `!GetAtt Stack.Outputs.Name` is the resource Stack's attribute Outputs.Name.
      resolve: (value: string) => ({
        [key]:
          name === "GetAtt"
            ? [value.slice(0, value.indexOf(".")), value.slice(value.indexOf(".") + 1)]
            : value,
      }),
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
  Conditions?: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; DependsOn?: string; Properties: Record<string, unknown> }
  >;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
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

/** Nothing, as `!Ref AWS::NoValue` leaves a property or a list item out. */
const NO_VALUE = Symbol("AWS::NoValue");

/**
 * The template as CloudFormation would deploy it with these parameters (the rest at their defaults):
 * conditions decided, resources and outputs whose condition is false left out, and Ref to a parameter,
 * Fn::If, Fn::Select (of a resolved list) and AWS::NoValue resolved. Everything else (Ref to a resource,
 * Fn::GetAtt, Fn::Sub) stays as written.
 */
export function deployed(template: Template, parameters: Record<string, unknown> = {}): Template {
  const values: Record<string, unknown> = Object.fromEntries(
    Object.entries(template.Parameters).map(([name, p]) => [name, parameters[name] ?? p.Default]),
  );
  const decided = new Map<string, boolean>();
  const condition = (name: string): boolean => {
    if (!decided.has(name)) decided.set(name, Boolean(resolve(template.Conditions?.[name])));
    return decided.get(name) as boolean;
  };
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve).filter((item) => item !== NO_VALUE);
    if (node === null || typeof node !== "object") return node;
    const entries = Object.entries(node);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1) {
      if (key === "Ref" && arg === "AWS::NoValue") return NO_VALUE;
      if (key === "Ref" && typeof arg === "string" && arg in values) return values[arg];
      if (key === "Condition" && typeof arg === "string") return condition(arg);
      const args = arg as unknown[];
      if (key === "Fn::If") return resolve(condition(args[0] as string) ? args[1] : args[2]);
      if (key === "Fn::Equals") return resolve(args[0]) === resolve(args[1]);
      if (key === "Fn::Not") return !resolve(args[0]);
      if (key === "Fn::Select") {
        const list = resolve(args[1]);
        if (Array.isArray(list)) return list[Number(args[0])];
      }
    }
    return Object.fromEntries(
      entries.map(([k, v]) => [k, resolve(v)] as const).filter(([, v]) => v !== NO_VALUE),
    );
  };
  const kept = <T extends { Condition?: string }>(items: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(items)
        .filter(([, item]) => item.Condition === undefined || condition(item.Condition))
        .map(([name, item]) => [name, resolve(item) as T]),
    );
  return { ...template, Resources: kept(template.Resources), Outputs: kept(template.Outputs) };
}
