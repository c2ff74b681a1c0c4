// Starts the platform on free ports in its own namespace (as the e2e tests do), seeds the demo
// tenant (approved hello_world template included), writes what a client needs to a JSON file and
// keeps running until SIGINT/SIGTERM. Never touches the dev stack: it only connects to the Kafka
// and MongoDB it is given (KAFKA_BROKERS / MONGODB_URI, else the dev stack's usual ports).
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createDemoTenant, startPlatform } from "../cli/src/platform/index.ts";

export interface CompatTarget {
  ingressUrl: string;
  phoneNumberId: string;
  businessId: string;
  displayPhoneNumber: string;
  accessToken: string;
  adminToken: string;
  /** The secret "Meta" signs upstream webhooks with, so a check can play a customer writing in. */
  upstreamAppSecret: string;
}

const outFile = process.argv[2] ?? "/tmp/client-compat-target.json";
const adminToken = `sbadmin_${randomBytes(24).toString("base64url")}`;
const platform = await startPlatform({
  kafkaBrokers: process.env.KAFKA_BROKERS ?? "127.0.0.1:39092",
  mongodbUri: process.env.MONGODB_URI ?? "mongodb://127.0.0.1:37017/",
  namespace: `compat${randomBytes(4).toString("hex")}`,
  adminToken,
  logLevel: "warn",
});
const demo = await createDemoTenant({
  ingressUrl: platform.ingressUrl,
  adminToken,
  catalogAddress: platform.grpc.catalog,
});
const target: CompatTarget = {
  ingressUrl: platform.ingressUrl,
  phoneNumberId: demo.phoneNumberId,
  businessId: demo.businessId,
  displayPhoneNumber: demo.displayPhoneNumber,
  accessToken: demo.accessToken,
  adminToken,
  upstreamAppSecret: platform.upstream.appSecret,
};
writeFileSync(outFile, `${JSON.stringify(target, null, 2)}\n`);
console.log(`platform ready: ${platform.ingressUrl} (logs ${platform.logDir}); target in ${outFile}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void platform.stop().then(() => process.exit(0));
  });
}
