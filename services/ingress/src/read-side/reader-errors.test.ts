import { AppError } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { readerErrorToGraph } from "./reader-errors.ts";

const graphOf = (code: ConstructorParameters<typeof AppError>[0]) => {
  const mapped = readerErrorToGraph(new AppError(code, "invalid cursor"), "th_1");
  return mapped instanceof GraphError ? [mapped.httpStatus, mapped.code, mapped.subcode ?? null] : mapped;
};

describe("conversation errors as Graph errors", () => {
  it("maps status codes to what the business should see", () => {
    expect(graphOf("not_found")).toEqual([400, 100, 33]);
    // Someone else's object looks exactly like a missing one.
    expect(graphOf("permission_denied")).toEqual([400, 100, 33]);
    expect(graphOf("invalid_argument")).toEqual([400, 100, null]);
    expect(graphOf("unavailable")).toEqual([503, 2, null]);
  });

  it("keeps other failures internal and passes Graph errors through", () => {
    const internal = readerErrorToGraph(new AppError("unauthenticated", "missing or malformed tenant scope"), "x");
    expect(internal).toBeInstanceOf(AppError);
    expect((internal as AppError).code).toBe("internal");
    expect((internal as AppError).message).not.toContain("tenant");
    const graph = new GraphError({ httpStatus: 400, code: 100, type: "OAuthException", message: "m" });
    expect(readerErrorToGraph(graph, "x")).toBe(graph);
  });
});
