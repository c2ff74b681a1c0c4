// Benchmark (not a test): the HTTP edge on this machine. Starts the dev stack and all four services,
// creates a tenant whose numbers allow 1,000 msg/s each, then measures in one run:
//   1. a plain fastify handler doing no work (the ceiling),
//   2. accepted Cloud API sends (auth, validation, rate limits, Kafka ack with acks=all),
//   3. signed upstream webhooks from Meta (signature, normalisation, dedupe claim, Kafka ack).
// Each request is distinct (recipient, message id), so dedupe and pair limits measure real work.
// Prints a table; asserts nothing.   node tools/load/src/bench-ingress.ts [seconds] [connections]
import { randomBytes } from "node:crypto";
import { startPlatform } from "@switchboard/cli/platform";
import { ensureDevstack } from "@switchboard/devstack";
import { startBaselineServer } from "./baseline-server.ts";
import { createBenchTenant } from "./bench-tenant.ts";
import { printResults, runLoad } from "./run-autocannon.ts";
import { signedInboundWebhook } from "./signed-inbound-webhook.ts";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const NUMBERS = 16;
const adminToken = `bench_${randomBytes(24).toString("hex")}`;

const stack = await ensureDevstack({ log: (line) => console.error(`devstack: ${line}`) });
const platform = await startPlatform({
  kafkaBrokers: stack.kafkaBrokers,
  mongodbUri: stack.mongodbUri,
  namespace: `bench_${Date.now().toString(36)}`,
  adminToken,
  logLevel: "warn",
});

try {
  const tenant = await createBenchTenant(platform.ingressUrl, adminToken, NUMBERS);
  const numbers = tenant.numbers;
  let sequence = 0;
  const nextNumber = () => numbers[sequence++ % numbers.length] ?? numbers[0];
  const recipient = () => `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

  const baseline = await startBaselineServer();
  const results = [];
  results.push(
    await runLoad({
      name: "plain fastify, no work",
      url: `${baseline.url}/v23.0/1/messages`,
      connections,
      durationSeconds: seconds,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", to: "+16505551234", type: "text", text: { body: "hi" } }),
    }),
  );
  await baseline.close();

  results.push(
    await runLoad({
      name: "ingress: accepted sends (text)",
      url: platform.ingressUrl,
      connections,
      durationSeconds: seconds,
      headers: { authorization: `Bearer ${tenant.accessToken}`, "content-type": "application/json" },
      setupRequest: (request) => ({
        ...request,
        method: "POST",
        path: `/v23.0/${nextNumber()?.id}/messages`,
        body: JSON.stringify({
          messaging_product: "whatsapp",
          to: `+${recipient()}`,
          type: "text",
          text: { body: "benchmark" },
        }),
      }),
    }),
  );

  const { appSecret } = platform.upstream;
  results.push(
    await runLoad({
      name: "ingress: upstream webhooks (inbound text)",
      url: platform.ingressUrl,
      connections,
      durationSeconds: seconds,
      setupRequest: (request) => {
        const number = nextNumber();
        const from = recipient();
        if (!number) throw new Error("the bench tenant has no phone numbers");
        const { body, headers } = signedInboundWebhook(appSecret, {
          businessId: tenant.businessId,
          number,
          from,
          name: "Load",
          messageId: `wamid.bench${randomBytes(12).toString("hex")}`,
          text: "hello",
        });
        return {
          ...request,
          method: "POST",
          path: "/webhooks/meta",
          body,
          headers,
        };
      },
    }),
  );

  printResults(
    `ingress benchmark: ${seconds} s per scenario, ${connections} connections, ${NUMBERS} numbers at 1,000 msg/s, Kafka acks=all, MongoDB wire: FerretDB`,
    results,
  );
} finally {
  await platform.stop();
}
