import { readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import type { Summary } from "./stats.ts";

/** One measured figure and what it is judged against. */
export interface Figure {
  name: string;
  unit: string;
  /** A single measurement gives the same median and p99. */
  value: Summary;
  /** What the figure is compared with, in words (a target, or another figure measured in the same run). */
  against: string;
  pass: boolean;
  /** The figure before issue 25 (the app under tsx, as the issue measured it), where there is one. */
  before?: string;
}

export interface Section {
  id: string;
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  figures: Figure[];
  /** Findings: why a figure is what it is, what was changed, what remains. */
  notes: string[];
}

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${cpu}, ${cpus().length} cores, ${memoryGiB} GiB memory, Node ${process.version}, ${process.platform}`;
}

const timestamp = () => `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;

function format(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${unit}`.trim();
}

function renderSection(section: Section): string {
  const withBefore = section.figures.some((f) => f.before !== undefined);
  const rows = section.figures.map(
    (f) =>
      `| ${f.name} | ${format(f.value.median, f.unit)} | ${format(f.value.p99, f.unit)} | ${f.value.n} | ${f.against} | ${withBefore ? `${f.before ?? ""} | ` : ""}${f.pass ? "pass" : "**FAIL**"} |`,
  );
  return [
    `<!-- bench:${section.id} -->`,
    `## ${section.title}`,
    "",
    `Measured ${timestamp()} on ${machine()}. ${section.method}`,
    "",
    `| Figure | Median | p99 | n | Judged against |${withBefore ? " Before (issue 25) |" : ""} Verdict |`,
    `|---|---|---|---|---|${withBefore ? "---|" : ""}---|`,
    ...rows,
    ...(section.notes.length ? ["", ...section.notes.map((n) => `- ${n}`)] : []),
    `<!-- /bench:${section.id} -->`,
  ].join("\n");
}

const HEADER_END = "<!-- /bench:header -->";

/**
 * Rewrites BENCHMARKS.md: the header describes this run, the sections measured now replace their old
 * versions, and sections not run this time are kept as they were (each says when it was measured).
 */
export async function writeReport(
  path: string,
  sections: Section[],
  order: readonly string[],
): Promise<void> {
  let previous = "";
  try {
    previous = await readFile(path, "utf8");
  } catch {
    // First run: nothing to keep.
  }
  const kept = new Map<string, string>();
  for (const match of previous.matchAll(/<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g)) {
    if (match[1] && match[1] !== "header") kept.set(match[1], match[0]);
  }
  for (const section of sections) kept.set(section.id, renderSection(section));
  const header = [
    "<!-- bench:header -->",
    "# Benchmarks",
    "",
    "`npm run bench` runs every benchmark against the local Partner Central emulator and the Slack",
    "stand-in on loopback, with real HTTP and Slack-signed requests as in production, and rewrites this",
    "file; `npm run bench -- <name>` runs one (`commands`, `digest`, `cold-start`, `load`, `store`, `events`, `preview-page`).",
    "Percentiles are nearest-rank. A **FAIL** is reported as measured, with what was found in the notes.",
    "",
    "Issue 25's targets are judged below, beside the figures before it (the app under tsx; column *Before*):",
    "resident memory after start ≤ 110 MB and after 1,000 commands ≤ 130 MB (load); start to /healthz, first",
    "start and restart, ≤ 1.3 × the bare Bolt app (cold start); a digest of 10,000 peaking ≤ 150 MB with a",
    "render p99 < 50 ms in the minimum of Partner Central calls (digest); in a burst of 25, an answer overhead",
    "median < 20 ms and an acknowledgement p99 ≤ 1.2 × the bare app's (slash commands).",
    "",
    `Last run: ${timestamp()} on ${machine()}; ran ${sections.map((s) => `\`${s.id}\``).join(", ")}.`,
    HEADER_END,
  ].join("\n");
  const body = order.flatMap((id) => (kept.has(id) ? [kept.get(id) as string] : []));
  await writeFile(path, `${[header, ...body].join("\n\n")}\n`);
}
