/**
 * Preloaded (`node --import`) into an app process by the footprint tests: records every module the process
 * loads, ES modules and CommonJS alike, and writes the list to MODULE_LOG when the process exits.
 */
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => {
  const path = process.env.MODULE_LOG;
  if (path) writeFileSync(path, [...loaded].join("\n"));
});
