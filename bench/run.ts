/**
 * `npm run bench [-- <name> …]`: runs the benchmarks (all by default) and rewrites BENCHMARKS.md.
 */
import { join } from "node:path";
import { coldStartBenchmark } from "./cold-start.ts";
import { commandsBenchmark } from "./commands.ts";
import { digestBenchmark } from "./digest.ts";
import { eventsBenchmark } from "./events.ts";
import { type Section, writeReport } from "./lib/report.ts";
import { loadBenchmark } from "./load.ts";
import { digestOpportunitiesBenchmark, opportunitiesBenchmark } from "./opportunities.ts";
import { previewPageBenchmark } from "./preview-page.ts";
import { storeBenchmark } from "./store.ts";

const BENCHMARKS: Record<string, () => Promise<Section>> = {
  commands: commandsBenchmark,
  digest: digestBenchmark,
  "cold-start": coldStartBenchmark,
  load: loadBenchmark,
  store: storeBenchmark,
  events: eventsBenchmark,
  "preview-page": previewPageBenchmark,
  opportunities: opportunitiesBenchmark,
  "digest-opportunities": digestOpportunitiesBenchmark,
};
const ORDER = Object.keys(BENCHMARKS);

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark ${unknown.join(", ")}; choose from ${ORDER.join(", ")}.\n`);
  process.exit(2);
}
const sections: Section[] = [];
for (const name of asked.length > 0 ? ORDER.filter((n) => asked.includes(n)) : ORDER) {
  const started = performance.now();
  process.stdout.write(`${name}: running…\n`);
  const section = await (BENCHMARKS[name] as () => Promise<Section>)();
  sections.push(section);
  for (const f of section.figures) {
    process.stdout.write(
      `  ${f.pass ? "pass" : "FAIL"}  ${f.name}: median ${f.value.median.toFixed(1)} ${f.unit}, p99 ${f.value.p99.toFixed(1)} ${f.unit} (${f.against})\n`,
    );
  }
  process.stdout.write(`  ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
await writeReport(join(import.meta.dirname, "..", "BENCHMARKS.md"), sections, ORDER);
process.stdout.write("BENCHMARKS.md updated.\n");
