// `./run start`: the dev stack, all four services on their usual ports, a demo tenant, and a
// ready-to-paste curl. Runs until Ctrl-C, then stops the services gracefully (the dev stack keeps
// running for the next start; `./run devstack down` stops it).
import { randomBytes } from "node:crypto";
import { ensureDevstack } from "@switchboard/devstack";
import { createDemoTenant, startPlatform } from "./platform/index.ts";

const stack = await ensureDevstack({ log: (line) => console.log(`devstack: ${line}`) });
const adminToken = `sbadmin_${randomBytes(24).toString("base64url")}`;
const platform = await startPlatform({
  kafkaBrokers: stack.kafkaBrokers,
  mongodbUri: stack.mongodbUri,
  namespace: "",
  adminToken,
  // Topics as production has them: from topics.tsv (the dev stack created them), none auto-created.
  declaredTopics: true,
  ports: {
    ingressHttp: 8080,
    conversationGrpc: 50051,
    conversationHttp: 8081,
    catalogGrpc: 50052,
    catalogHttp: 8082,
    analyticsGrpc: 50053,
    analyticsHttp: 8083,
  },
});
const demo = await createDemoTenant({
  ingressUrl: platform.ingressUrl,
  adminToken,
  catalogAddress: platform.grpc.catalog,
});

console.log(`
Switchboard is running.

  Graph API (ingress)   ${platform.ingressUrl}
  conversation gRPC     ${platform.grpc.conversation}   (reflection on: grpcurl -plaintext ${platform.grpc.conversation} list)
  catalog gRPC          ${platform.grpc.catalog}
  analytics gRPC        ${platform.grpc.analytics}
  Kafka                 ${stack.kafkaBrokers}
  MongoDB (FerretDB)    ${stack.mongodbUri}
  service logs          ${platform.logDir}

  demo tenant           ${demo.tenantId} (business ${demo.businessId})
  phone number id       ${demo.phoneNumberId} (${demo.displayPhoneNumber}, hosted on Meta's cloud)
  access token          ${demo.accessToken}
  admin token           ${adminToken}

  Meta webhook endpoint ${platform.ingressUrl}/webhooks/meta
    verify token ${platform.upstream.verifyToken}, app secret ${platform.upstream.appSecret}
  Outbound messages go to the built-in upstream simulator (statuses, replies).

Send a message (a template: outside a customer's 24-hour window free-form text fails with
131047, exactly as on Meta; the simulated customer's reply opens the window):

  curl -s -X POST ${platform.ingressUrl}/v23.0/${demo.phoneNumberId}/messages \\
    -H 'Authorization: Bearer ${demo.accessToken}' -H 'Content-Type: application/json' \\
    -d '{"messaging_product":"whatsapp","to":"+16505551234","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}'

Then read the thread, with its hosting mode and encryption label:

  curl -s ${platform.ingressUrl}/v23.0/${demo.phoneNumberId}/threads -H 'Authorization: Bearer ${demo.accessToken}'

Ctrl-C stops the services.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("stopping services…");
    void platform.stop().then(() => process.exit(0));
  });
}
