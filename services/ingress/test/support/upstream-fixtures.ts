// The project's upstream webhook fixtures (test/fixtures/upstream, one Meta-shaped body per file)
// and the one hosted number they are addressed to.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PhoneNumberRecord } from "../../src/tenancy/tenancy-records.ts";

export const FIXTURES_DIR = join(import.meta.dirname, "../fixtures/upstream");
export const fixtureNames = () =>
  readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
export const fixtureBytes = (name: string) => readFileSync(join(FIXTURES_DIR, `${name}.json`));

export const HOSTED_NUMBER: PhoneNumberRecord = {
  tenantId: "tn_upstream",
  businessId: "200000000000001",
  phoneNumberId: "100000000000001",
  displayPhoneNumber: "15550100001",
  hostingMode: "bsp",
  processors: ["business", "meta", "bsp:acme"],
  catalogId: "",
};
