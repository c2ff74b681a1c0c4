// What the gRPC fuzz suite found, fixed, one test each.
import { callUnary } from "@switchboard/kit";
import { openTestClient } from "@switchboard/kit/testing";
import { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedGrpc, serveGrpcServices } from "../support/grpc-services.ts";

describe("gRPC fuzz findings, fixed", () => {
  let served: ServedGrpc;
  let client: CatalogServiceClient;
  const scope = { tenantId: "tn_100000000000111", businessId: "200000000000001" };
  beforeAll(async () => {
    served = await serveGrpcServices();
    client = openTestClient(
      CatalogServiceClient,
      served.addresses.get("switchboard.catalog.v1.CatalogService") as string,
    );
  });
  afterAll(async () => {
    client.close();
    await served.stop();
  });

  const updateStatus = (status: string) =>
    callUnary("UpdateOrderStatus", client.updateOrderStatus.bind(client), { orderId: "o1", status }, { scope }).then(
      () => "ok",
      (error: { code?: string }) => error.code ?? "?",
    );

  it("answers an error that echoes a huge input with a bounded status, and the channel lives on", async () => {
    // The handler's message repeats the status it refused: 10,000 flags became a trailer of
    // hundreds of KB, which destroyed the client's HTTP/2 session and every call sharing it.
    const huge = await updateStatus("🏳️‍🌈".repeat(10_000));
    const after = await updateStatus("nonsense");
    expect([huge, after]).toEqual(["invalid_argument", "invalid_argument"]);
  });
});
