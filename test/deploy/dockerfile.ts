import { readFileSync } from "node:fs";

/** One instruction of a Dockerfile: `COPY --from=x a b` is { name: "COPY", args: "--from=x a b" }. */
export interface Instruction {
  name: string;
  args: string;
}

export interface Stage {
  from: string;
  alias?: string;
  instructions: Instruction[];
}

/** The build arguments' defaults, substituted where `${NAME}` appears (as the image is built without --build-arg). */
function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}

/** The stages of a Dockerfile, continuation lines joined and comments left out. */
export function readDockerfile(path: string): Stage[] {
  const lines = readFileSync(path, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, name = "", rest = ""] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const instruction = { name: name.toUpperCase(), args: substitute(rest.replace(/\s+/g, " "), args) };
    if (instruction.name === "ARG" && stages.length === 0) {
      const [key = "", value = ""] = instruction.args.split("=");
      args[key] = value;
    } else if (instruction.name === "FROM") {
      const [from = "", , alias] = instruction.args.split(" ");
      stages.push({ from, ...(alias ? { alias } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The exec form's words: `["node", "src/main.ts"]`. */
export function execForm(args: string): string[] {
  const json = args.replace(/^--\S+\s+/g, "");
  return JSON.parse(json.slice(json.indexOf("["))) as string[];
}

/** `ENV A=1 B=2` instructions of a stage, as one record. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, args } of stage.instructions) {
    if (name !== "ENV") continue;
    for (const pair of args.split(" ")) {
      const [key = "", value = ""] = pair.split("=");
      env[key] = value;
    }
  }
  return env;
}

export const all = (stage: Stage, name: string) => stage.instructions.filter((i) => i.name === name);
