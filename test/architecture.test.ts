import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = /\.(?:ts|mts|js|mjs)$/;

/** The one production import of dev/: main loads the preview only when there are no Slack credentials. */
const PREVIEW_IMPORT = { from: "src/main.ts", specifier: "../dev/preview.ts" };

/** Folders that hold the app's domain: they hand data to Slack, never anything of Slack's. */
const DOMAIN = [
  "src/digest/",
  "src/alerts/",
  "src/decisions/",
  "src/home/",
  "src/events/",
  "src/opportunities/",
  "src/partnercentral/",
];

interface Import {
  from: string;
  specifier: string;
  /** The file it names, relative to the repository, for a relative specifier. */
  target?: string;
}

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Comments can show imports as examples; only code counts. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** Static imports and re-exports (type-only ones too) and dynamic `import()`s with a literal specifier. */
function importsIn(file: string, source: string): Import[] {
  const code = withoutComments(source);
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) =>
    [...code.matchAll(pattern)].map(([, specifier = ""]) => {
      if (!specifier.startsWith(".")) return { from: file, specifier };
      const named = relative(ROOT, resolve(ROOT, dirname(file), specifier));
      return { from: file, specifier, target: named.replace(/\.js$/, ".ts") };
    }),
  );
}

const sources = filesUnder("src");
const imports = sources.flatMap((file) => importsIn(file, readFileSync(join(ROOT, file), "utf8")));

/** Each cycle once, as the files it passes through, starting from its first file in sorted order. */
function cycles(): string[][] {
  const known = new Set(sources);
  const edges = new Map<string, string[]>();
  for (const { from, target } of imports) {
    if (target && known.has(target)) edges.set(from, [...(edges.get(from) ?? []), target]);
  }
  const found = new Map<string, string[]>();
  const visit = (file: string, path: string[]) => {
    for (const next of edges.get(file) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0] as string);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join(" -> "), rotated);
      } else if (!done.has(next)) visit(next, [...path, next]);
    }
    done.add(file);
  };
  const done = new Set<string>();
  for (const file of [...sources].sort()) if (!done.has(file)) visit(file, [file]);
  return [...found.values()];
}

const describeImport = (i: Import) => `${i.from} imports ${i.specifier}`;

describe("architecture", () => {
  it("reads every kind of import, and not those in comments", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      "import {\n  c,\n  type D,\n} from './c.js';",
      'export * from "./e.ts";',
      'import "./f.js";',
      'const g = await import("./g.ts");',
      '// import { h } from "./h.ts";',
      '/** `import("./i.ts")` */',
    ].join("\n");
    expect(importsIn("src/x/y.ts", source).map((i) => i.target ?? i.specifier)).toEqual([
      "src/x/a.ts",
      "src/b.ts",
      "src/x/c.ts",
      "src/x/e.ts",
      "src/x/f.ts",
      "src/x/g.ts",
    ]);
  });

  it("reads all of src/", () => {
    expect(sources).toContain("src/main.ts");
    expect(
      imports.some((i) => i.from === PREVIEW_IMPORT.from && i.specifier === PREVIEW_IMPORT.specifier),
    ).toBe(true);
  });

  it("has no import cycle among the files of src/", () => {
    expect(cycles().map((cycle) => [...cycle, cycle[0]].join(" -> "))).toEqual([]);
  });

  it("never imports the local stand-ins in dev/ on the production path, but for main's preview", () => {
    const intoDev = imports.filter(
      (i) =>
        (i.target?.startsWith("dev/") || i.specifier.includes("/dev/")) &&
        !(i.from === PREVIEW_IMPORT.from && i.specifier === PREVIEW_IMPORT.specifier),
    );
    expect(intoDev.map(describeImport)).toEqual([]);
  });

  it("keeps the domain free of Slack", () => {
    const slackInDomain = imports.filter(
      (i) =>
        DOMAIN.some((folder) => i.from.startsWith(folder)) &&
        (i.specifier.startsWith("@slack/") || i.target?.startsWith("src/slack/")),
    );
    expect(slackInDomain.map(describeImport)).toEqual([]);
  });

  it("keeps the AWS SDK out of the Slack side", () => {
    const sdkInSlack = imports.filter(
      (i) => i.from.startsWith("src/slack/") && i.specifier.startsWith("@aws-sdk/"),
    );
    expect(sdkInSlack.map(describeImport)).toEqual([]);
  });
});
