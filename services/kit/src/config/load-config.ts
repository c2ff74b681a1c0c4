// Parses a service's configuration once, at boot, from an environment-like record, with a zod
// schema. Fails fast with one line per bad variable, naming it. It never reads process.env itself:
// each service's main.ts passes process.env to its config module, so main.ts is the only place
// that reads it.
import type { z } from "zod";

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = issue.path.map(String).join(".") || "(environment)";
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
