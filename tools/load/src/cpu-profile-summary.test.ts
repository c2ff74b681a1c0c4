import { describe, expect, it } from "vitest";
import { type CpuProfile, packageOf, renderCpuProfileSummary, summarizeCpuProfile } from "./cpu-profile-summary.ts";

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
const KAFKAJS = "file:///r/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/producer/index.js";
const ROUTE = "file:///r/services/ingress/src/send/send-route.ts";

// root → handler (ours) → send (kafkajs); root → idle. Samples: 3 in kafkajs, 1 in the handler, 4 idle.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", ""), children: [2, 4] },
    { id: 2, callFrame: frame("accept", ROUTE, 34), children: [3] },
    { id: 3, callFrame: frame("send", KAFKAJS) },
    { id: 4, callFrame: frame("(idle)", "") },
  ],
  samples: [3, 3, 3, 2, 4, 4, 4, 4],
  startTime: 0,
  endTime: 8_000_000,
};

describe("summarizeCpuProfile", () => {
  it("shares busy time by package and by our functions, leaving idle out", () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.seconds).toBe(8);
    expect(summary.busyShare).toBe(0.5);
    expect(summary.byPackage).toEqual([
      { name: "kafkajs", share: 0.75 },
      { name: "services/ingress/src/send", share: 0.25 },
    ]);
    // The handler is on the stack of every busy sample.
    expect(summary.ownFunctions).toEqual([{ name: "accept services/ingress/src/send/send-route.ts:35", share: 1 }]);
    expect(renderCpuProfileSummary("ingress", summary)).toContain("| kafkajs | 75.0 % |");
  });

  it("names scoped packages, node modules and V8's own entries", () => {
    expect(packageOf("file:///r/node_modules/.pnpm/@grpc+grpc-js@1.14.7/node_modules/@grpc/grpc-js/x.js", "f")).toBe(
      "@grpc/grpc-js",
    );
    expect(packageOf("node:internal/buffer", "f")).toBe("node:internal/buffer");
    expect(packageOf("", "(garbage collector)")).toBe("(garbage collector)");
  });
});
