import { describe, expect, it } from "vitest";
import type { OrderLine, OrderState } from "./order.ts";
import { applyAnswers, moveOrder } from "./order-lifecycle.ts";

const line = (retailerId: string, quantity = 1): OrderLine => ({
  retailerId,
  quantity,
  itemPriceMinor: 100,
  currency: "USD",
  catalogPriceMinor: 100,
  priceMismatch: false,
  reservedQuantity: 0,
  state: "pending",
});
const order = (overrides: Partial<OrderState> = {}): OrderState => ({
  tenantId: "t1",
  businessId: "b1",
  orderId: "o:t1/b1/wamid.1",
  catalogId: "c1",
  messageId: "wamid.1",
  thread: { tenantId: "t1", businessId: "b1", phoneNumberId: "p", customerId: "c", customerWaId: "c" },
  status: "pending",
  lines: [line("a"), line("b", 2)],
  policy: "partial",
  autoReply: false,
  hosting: undefined,
  createdAtMs: 0,
  transition: undefined,
  releases: [],
  ...overrides,
});

describe("applyAnswers", () => {
  it("waits for every line, then confirms an order reserved whole", () => {
    const half = applyAnswers(order(), [{ line: 0, reserved: 1 }], 1);
    expect(half?.status).toBe("pending");
    expect(half?.transition).toBeUndefined();
    const whole = applyAnswers(half as OrderState, [{ line: 1, reserved: 2 }], 2);
    expect(whole).toMatchObject({ status: "confirmed", transition: { from: "pending", to: "confirmed", atMs: 2 } });
  });

  it("confirms partially under the partial policy, naming what is unavailable", () => {
    const next = applyAnswers(
      order(),
      [
        { line: 0, reserved: 1 },
        { line: 1, reserved: 0 },
      ],
      1,
    );
    expect(next?.status).toBe("partially_confirmed");
    expect(next?.lines.map((l) => l.state)).toEqual(["reserved", "unavailable"]);
    expect(next?.releases).toEqual([]);
  });

  it("rejects under the whole-order policy and releases what was reserved", () => {
    const next = applyAnswers(
      order({ policy: "whole" }),
      [
        { line: 0, reserved: 1 },
        { line: 1, reserved: 0 },
      ],
      1,
    );
    expect(next?.status).toBe("rejected");
    expect(next?.releases).toEqual([0]);
  });

  it("ignores a duplicate answer", () => {
    const once = applyAnswers(order(), [{ line: 0, reserved: 1 }], 1) as OrderState;
    expect(applyAnswers(once, [{ line: 0, reserved: 1 }], 2)).toBeUndefined();
  });

  it("releases at once what is reserved for an order cancelled while pending", () => {
    const cancelled = moveOrder(order(), "cancelled", 1);
    const next = applyAnswers(cancelled, [{ line: 0, reserved: 1 }], 2);
    expect(next).toMatchObject({ status: "cancelled", releases: [0], transition: undefined });
  });
});

describe("moveOrder", () => {
  it("follows the lifecycle and refuses shortcuts", () => {
    const confirmed = order({ status: "confirmed", lines: [{ ...line("a"), state: "reserved", reservedQuantity: 1 }] });
    const paid = moveOrder(confirmed, "paid", 1);
    expect(moveOrder(moveOrder(paid, "shipped", 2), "completed", 3).status).toBe("completed");
    expect(() => moveOrder(confirmed, "shipped", 1)).toThrow(/cannot become shipped/);
    expect(() => moveOrder(paid, "confirmed", 1)).toThrow(/status must be one of/);
  });

  it("releases every reserved line on cancel", () => {
    const confirmed = order({
      status: "confirmed",
      lines: [
        { ...line("a"), state: "reserved", reservedQuantity: 1 },
        { ...line("b"), state: "unavailable" },
      ],
    });
    expect(moveOrder(confirmed, "cancelled", 1)).toMatchObject({ status: "cancelled", releases: [0] });
  });
});
