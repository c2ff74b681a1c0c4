// Renders an audit run as markdown: the verdict's figures, the faults as they were applied, and
// what the client and the two fakes saw. Pure: it must never measure.
import type { AuditVerdict } from "./audit-checks.ts";
import type { FaultRecord } from "./fault-schedule.ts";

export interface AuditRun {
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; kernel: string };
  mode: "full" | "short";
  messages: number;
  rate: number;
  drained: boolean;
  /** Consumer lag per group when the drain ended (all 0 when drained). */
  lagAtEnd: Record<string, number>;
  /** Records per dead-letter topic at the end. */
  deadLetters: Record<string, number>;
  faults: FaultRecord[];
  client: { retried: number; attempts: number; gaveUp: number };
  meta: { refused: number };
  receiver: { refused: number };
  verdict: AuditVerdict;
}

const n = (value: number) => value.toLocaleString("en-US");

export function auditReport(run: AuditRun): string {
  const v = run.verdict;
  const rows: [string, number | string][] = [
    ["numbered messages", v.messages],
    ["accepted by ingress", v.accepted],
    ["never accepted", v.notAccepted],
    ["stored", v.stored],
    ["lost (accepted, not stored)", v.lost],
    ["stored more than once", v.storedTwice],
    ["ghost sends (stored under a second id)", v.ghostSends],
    ["sends Meta accepted", v.upstreamSends],
    ["messages sent to Meta more than once", v.upstreamDoubled],
    ["accepted sends that never reached Meta, reported failed (at most once)", v.upstreamMissing],
    ["… of them not reported failed", v.upstreamMissingUnreported],
    ["sends not at a final status (read or failed)", v.statusesNotFinal],
    ["sends that ended failed (reported, not resent)", v.sendsFailed],
    ["sends Meta accepted that did not end at read", v.metaAcceptedNotRead],
    ["sends corrected from failed (outcome unknown) to Meta's status", v.outcomeUnknownCorrected],
    ["status changes that went backwards", v.statusRegressions],
    ["business webhooks expected", v.webhooksExpected],
    ["business webhooks delivered", v.webhooksDelivered],
    ["business webhooks missing", v.webhooksMissing],
    ["business webhook duplicates (allowed: at least once)", v.webhookDuplicates],
    ["accepted messages analytics did not count", v.analyticsNotCounted],
    ["analytics rollups − counted messages", v.analyticsDiff],
    ["records left in dead-letter topics", v.deadLettered],
  ];
  return [
    `# Fault audit — ${run.date}, commit ${run.commit}`,
    "",
    `Mode ${run.mode}: ${n(run.messages)} numbered messages at ${n(run.rate)}/s; ${run.machine.cpus} CPUs (${run.machine.cpuModel}), Node ${run.machine.node}. Two instances of every service on a private Kafka and store.`,
    "",
    `**${v.passed && run.drained ? "PASSED" : "FAILED"}**${run.drained ? "" : " — the platform did not drain within the bound"}${v.failures.length > 0 ? `: ${v.failures.join("; ")}` : ""}`,
    "",
    "| figure | count |",
    "| --- | ---: |",
    ...rows.map(([label, value]) => `| ${label} | ${typeof value === "number" ? n(value) : value} |`),
    "",
    `Consumer lag at the end, per group: ${
      Object.entries(run.lagAtEnd)
        .map(([g, lag]) => `${g} ${n(lag)}`)
        .join(", ") || "–"
    }. Dead-letter topics: ${
      Object.entries(run.deadLetters)
        .filter(([, c]) => c > 0)
        .map(([t, c]) => `${t} ${n(c)}`)
        .join(", ") || "all empty"
    }.`,
    "",
    "## Faults, in the order applied",
    "",
    "| fault | took s | outcome |",
    "| --- | ---: | --- |",
    ...run.faults.map(
      (f) => `| ${f.name} | ${(f.tookMs / 1000).toFixed(1)} | ${f.error ? `failed to apply: ${f.error}` : "applied"} |`,
    ),
    "",
    `Client: ${n(run.client.attempts)} attempts, ${n(run.client.retried)} requests needed a retry, ${n(run.client.gaveUp)} given up. Meta refused or did not answer ${n(run.meta.refused)} requests on purpose; the business receiver refused ${n(run.receiver.refused)} deliveries on purpose.`,
    "",
  ].join("\n");
}
