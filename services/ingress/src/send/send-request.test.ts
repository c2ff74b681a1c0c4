import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { parseSendRequest, referencedProducts } from "./send-request.ts";

const text = { messaging_product: "whatsapp", to: "+16505551234", type: "text", text: { body: "hello" } };

function graphErrorOf(body: unknown): GraphError {
  try {
    parseSendRequest(body);
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}

describe("send request validation", () => {
  it("accepts a Cloud API text message", () => {
    expect(parseSendRequest(text)).toMatchObject({ type: "text", text: { body: "hello" } });
  });

  it("treats a missing type as text, like Meta", () => {
    const { type: _omit, ...withoutType } = text;
    expect(parseSendRequest(withoutType).type).toBe("text");
  });

  it("answers 131008 for a missing required parameter", () => {
    const error = graphErrorOf({ ...text, text: undefined });
    expect(error.code).toBe(131008);
    expect(error.details).toContain("text");
  });

  it("answers 131009 for an invalid value", () => {
    const error = graphErrorOf({ ...text, to: "not-a-number" });
    expect(error.code).toBe(131009);
    expect(error.httpStatus).toBe(400);
  });

  it("answers 100 for an unsupported type and for a non-object body", () => {
    expect(graphErrorOf({ ...text, type: "hologram" }).code).toBe(100);
    expect(graphErrorOf([text]).code).toBe(100);
  });

  it("extracts the retailer ids of product list messages", () => {
    const request = parseSendRequest({
      messaging_product: "whatsapp",
      to: "16505551234",
      type: "interactive",
      interactive: {
        type: "product_list",
        header: { type: "text", text: "Menu" },
        body: { text: "Pick one" },
        action: {
          catalog_id: "cat1",
          sections: [
            { title: "A", product_items: [{ product_retailer_id: "sku-1" }, { product_retailer_id: "sku-2" }] },
          ],
        },
      },
    });
    expect(referencedProducts(request)).toEqual({ catalogId: "cat1", retailerIds: ["sku-1", "sku-2"] });
  });
});
