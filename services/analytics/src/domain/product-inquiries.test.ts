// Product inquiries (an inbound message naming `context.referred_product`): the observation keeps
// the product, and the message's own fact counts `inquiries` and the product's
// `inquiries:<catalog>/<retailer>` measure — so an inquiry is exactly-once with its message.
import { describe, expect, it } from "vitest";
import { receivedEvent, T0 } from "../../test/support/volume-fixtures.ts";
import { observationOf } from "../events/observation-of.ts";
import { factsOf } from "./batch-facts.ts";
import { inquiryMeasureOf } from "./measures.ts";
import type { Observation } from "./observation.ts";

const inbound = (messageId: string, referredProduct?: { catalogId: string; productRetailerId: string }) => {
  const event = receivedEvent({ tenantId: "t", kind: "inbound", messageId, atMs: T0 }, 0, 1);
  return observationOf({ ...event, data: { ...(event.data as object), referredProduct } }) as Observation;
};

describe("product inquiries", () => {
  it("counts an inquiry per product on the inbound message's fact, and nothing for other messages", () => {
    const asking = inbound("m1", { catalogId: "cat 1", productRetailerId: "mug.blue" });
    expect(asking).toMatchObject({ referredProduct: { catalogId: "cat 1", retailerId: "mug.blue" } });
    const plain = inbound("m2");
    expect(plain).not.toHaveProperty("referredProduct");

    const { facts } = factsOf([asking, plain], { messages: new Map(), threads: new Map(), graceMs: 60_000 });
    const received = facts.filter((f) => f.id.includes("|received|"));
    expect(received.map((f) => f.measures)).toEqual([
      { received: 1, inquiries: 1, "inquiries:cat%201/mug%2Eblue": 1 },
      { received: 1 },
    ]);
  });

  it("names the per-product measure so Mongo takes it as a field name", () => {
    const name = inquiryMeasureOf("c.1", "$sku/x.y");
    expect(name).toBe("inquiries:c%2E1/%24sku%2Fx%2Ey");
    expect(name.slice("inquiries:".length)).not.toMatch(/[.$]/);
  });
});
