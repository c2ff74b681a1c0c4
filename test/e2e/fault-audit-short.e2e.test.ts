// The fault audit's short mode as part of the suite: a private Kafka and store, two instances of
// every service, numbered webhooks and sends while every service is killed in turn, the broker and
// the store restarted, the store stalled, a consumer paused past its session and Meta and the
// business's receiver failing. The tool's own verdict decides (loss, duplicate store, ghost or
// doubled send, regressed status, undelivered webhook, analytics diff, dead letters); the test
// asserts its exit code and the verdict it wrote, and echoes the figures into the CI log.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNodeTool } from "../support/run-node-tool.ts";

describe("fault audit, short mode", () => {
  it("loses, doubles and ghosts nothing under the fault schedule", async () => {
    const out = mkdtempSync(join(tmpdir(), "switchboard-audit-"));
    const { code, output } = await runNodeTool("tools/load/src/audit/run-audit.ts", ["--short", "--out", out]);
    const [run] = readdirSync(out);
    const auditJson = run === undefined ? undefined : join(out, run, "audit.json");
    expect(auditJson !== undefined && existsSync(auditJson), output.slice(-4_000)).toBe(true);
    const report = JSON.parse(readFileSync(auditJson as string, "utf8")) as {
      drained: boolean;
      verdict: { passed: boolean; failures: string[]; accepted: number };
    };
    // The report's table, for whoever reads the CI log.
    console.log(
      output
        .split("\n")
        .filter((line) => line.startsWith("|") || line.startsWith("audit:"))
        .join("\n"),
    );
    expect({ code, drained: report.drained, failures: report.verdict.failures }).toEqual({
      code: 0,
      drained: true,
      failures: [],
    });
    expect(report.verdict.accepted).toBeGreaterThanOrEqual(5_000);
  }, 1_500_000);
});
