// Three test projects: unit (in-memory adapters, beside the code), integration (each service
// against the real Kafka and MongoDB-wire server) and e2e (all services as processes, in test/).
// Integration and e2e share one global setup that finds or starts the dev stack.
import { defineConfig } from "vitest/config";

const exclude = ["**/node_modules/**", "**/.toolchain/**", "**/.devstack/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{proto,services,tools}/**/src/**/*.test.ts"],
          exclude,
        },
      },
      {
        // The hostile-input fuzz suite and the cross-tenant isolation probes: the whole ingress
        // (and each gRPC service) in-process over in-memory adapters, thousands of cases per file.
        test: {
          name: "proof",
          include: ["test/{fuzz,isolation}/**/*.test.ts"],
          exclude: [...exclude, "**/*.int.test.ts", "**/*.e2e.test.ts"],
          testTimeout: 180_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["{services,tools}/**/test/**/*.int.test.ts"],
          exclude,
          globalSetup: ["./tools/testing/src/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/**/*.e2e.test.ts"],
          exclude,
          globalSetup: ["./tools/testing/src/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
