// Names that keep parallel test files apart on shared servers: every file gets its own topic
// prefix, consumer groups and database names.
import { randomBytes } from "node:crypto";

export function uniqueName(label: string): string {
  return `${label.replace(/[^a-z0-9]/gi, "").toLowerCase()}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}
