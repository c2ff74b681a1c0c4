// Reads the parts of deploy/image/Dockerfile that decide how a container starts (ENTRYPOINT,
// WORKDIR, USER, ENV of a stage, and the FROM lines), so a test can start a service the way the
// image would and check the image's promises (pinned base, non-root, tini first) without an engine.
import { readFileSync } from "node:fs";

export interface DockerStage {
  name: string;
  from: string;
  entrypoint: string[] | undefined;
  workdir: string | undefined;
  user: string | undefined;
  env: Record<string, string>;
}

export interface ParsedDockerfile {
  args: Record<string, string>;
  stages: DockerStage[];
}

/** Joins continuation lines and drops comments; returns one string per instruction. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (current === "" && (line.trim().startsWith("#") || line.trim() === "")) continue;
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push((current + line).trim());
    current = "";
  }
  return out;
}

function parseEnv(rest: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
    const [, name, bare, quoted] = match;
    if (name !== undefined) env[name] = quoted ?? bare ?? "";
  }
  return env;
}

export function parseDockerfile(path: string): ParsedDockerfile {
  const args: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const instruction of instructions(readFileSync(path, "utf8"))) {
    const [keyword = "", ...words] = instruction.split(/\s+/);
    const rest = instruction.slice(keyword.length).trim();
    const stage = stages.at(-1);
    switch (keyword.toUpperCase()) {
      case "ARG": {
        const [name, value] = rest.split("=", 2);
        if (stage === undefined && name !== undefined && value !== undefined) args[name] = value;
        break;
      }
      case "FROM": {
        const from = words[0] ?? "";
        const parent = stages.find((s) => s.name === from);
        stages.push({
          name: words[2] ?? `#${stages.length}`,
          from: from.replace(/^\$\{(\w+)\}$/, (_, arg: string) => args[arg] ?? from),
          entrypoint: parent?.entrypoint,
          workdir: parent?.workdir,
          user: parent?.user,
          env: { ...parent?.env },
        });
        break;
      }
      case "ENTRYPOINT":
        if (stage) stage.entrypoint = JSON.parse(rest) as string[];
        break;
      case "WORKDIR":
        if (stage) stage.workdir = rest;
        break;
      case "USER":
        if (stage) stage.user = rest;
        break;
      case "ENV":
        if (stage) Object.assign(stage.env, parseEnv(rest));
        break;
    }
  }
  return { args, stages };
}

export function stageNamed(dockerfile: ParsedDockerfile, name: string): DockerStage {
  const stage = dockerfile.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`Dockerfile has no stage ${name}`);
  return stage;
}
