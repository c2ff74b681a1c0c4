import { describe, expect, it } from "vitest";
import { customerWaId, type PlannedMessage, plannedMessage, planStep } from "./traffic-plan.ts";

const stepMessages = (total: number, perThread = 10, first = 0): PlannedMessage[] => {
  const plan = planStep(total, perThread, first);
  return Array.from({ length: total }, (_, i) => plannedMessage(plan, i));
};

describe("traffic plan", () => {
  const messages = stepMessages(4_000);

  it("is half inbound webhooks, half business sends", () => {
    const inbound = messages.filter((m) => m.direction === "inbound").length;
    expect(inbound).toBe(2_000);
  });

  it("gives every thread about ten messages", () => {
    const perCustomer = new Map<number, number>();
    for (const m of messages) perCustomer.set(m.customer, (perCustomer.get(m.customer) ?? 0) + 1);
    expect(perCustomer.size).toBe(400);
    expect(new Set(perCustomer.values())).toEqual(new Set([10]));
  });

  it("sends a template only before a customer wrote, and text only after", () => {
    const wrote = new Set<number>();
    for (const m of messages) {
      if (m.direction === "inbound") wrote.add(m.customer);
      else expect(m.kind).toBe(wrote.has(m.customer) ? "text" : "template");
    }
  });

  it("mixes both directions within every stretch of the step", () => {
    const window = messages.slice(1_000, 1_100);
    const inbound = window.filter((m) => m.direction === "inbound").length;
    expect(inbound).toBeGreaterThan(30);
    expect(inbound).toBeLessThan(70);
  });

  it("keeps steps' customers apart and their wa_ids distinct", () => {
    const later = stepMessages(100, 10, 400);
    expect(Math.min(...later.map((m) => m.customer))).toBe(400);
    expect(customerWaId(1)).not.toBe(customerWaId(10));
    expect(customerWaId(42)).toMatch(/^[0-9]{12}$/);
  });
});
