import { describe, expect, it } from "vitest";
import { type FaultTargets, faultSchedule, runFaults } from "./fault-schedule.ts";

const labels = ["conversation", "conversation-1", "ingress", "ingress-1"].map((label) => ({ label }));
const times = { storeStallMs: 1, consumerPauseMs: 1, outageMs: 1 };

describe("the fault schedule", () => {
  it("kills each service's first instance early and, in full mode, the others last", () => {
    const short = faultSchedule(times, labels, false).map((s) => s.name);
    expect(short.filter((n) => n.startsWith("SIGKILL"))).toEqual([
      "SIGKILL and restart conversation",
      "SIGKILL and restart ingress",
    ]);
    const full = faultSchedule(times, labels, true).map((s) => s.name);
    expect(full.slice(-2)).toEqual(["SIGKILL and restart conversation-1", "SIGKILL and restart ingress-1"]);
    expect(full).toContain("Kafka broker restarted");
    expect(full).toContain("store restarted");
  });

  it("applies every step in order and records one that failed instead of stopping", async () => {
    const calls: string[] = [];
    const instance = (label: string) => ({
      label,
      kill: async () => void calls.push(`kill ${label}`),
      start: async () => {
        calls.push(`start ${label}`);
        if (label === "ingress") throw new Error("port taken");
      },
      pause: () => void calls.push(`pause ${label}`),
      resume: () => void calls.push(`resume ${label}`),
    });
    const instances = labels.map((l) => instance(l.label));
    const targets: FaultTargets = {
      instances,
      pausable: instances[1] as FaultTargets["pausable"],
      kafka: { stop: async () => void calls.push("kafka stop"), start: async () => void calls.push("kafka start") },
      store: {
        stop: async () => void calls.push("store stop"),
        start: async () => void calls.push("store start"),
        pause: () => void calls.push("store pause"),
        resume: () => void calls.push("store resume"),
      },
      receiver: { setFailing: (f) => void calls.push(`receiver ${f}`) },
      meta: { setFault: (f) => void calls.push(`meta ${f}`) },
    };
    const records = await runFaults(faultSchedule(times, labels, false), targets, 0, () => {});
    expect(records.find((r) => r.error)?.name).toBe("SIGKILL and restart ingress");
    expect(records).toHaveLength(faultSchedule(times, labels, false).length);
    expect(calls.slice(0, 4)).toEqual(["kill conversation", "start conversation", "kill ingress", "start ingress"]);
    expect(calls).toContain("resume conversation-1");
    expect(calls.at(-1)).toBe("meta none");
  });
});
