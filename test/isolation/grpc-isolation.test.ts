// Cross-tenant probes on every method of the three gRPC services, listed from their generated
// service definitions (a method added to a .proto is probed without anyone listing it): a caller
// that names tenant B's scope without a token signed by the platform's keys — plain request
// entries, as any process that reaches the port could send, or a token signed with another key —
// is refused (UNAUTHENTICATED) before any handler runs. Then, with valid tokens, the catalog's
// product methods: A1's product is found by no other business (A2 in the same tenant, B1 in
// another), and no other business's update or delete changes it.
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { callUnary, openInternalClient, scopeToMetadataEntries, type TenantScope } from "@switchboard/kit";
import { openTestClient } from "@switchboard/kit/testing";
import { CatalogServiceClient, type Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productMessage } from "../../services/catalog/test/support/product-fixtures.ts";
import { parseKeyRing } from "../../services/kit/src/security/key-ring.ts";
import { type ServedGrpc, serveGrpcServices } from "../support/grpc-services.ts";

const A1: TenantScope = { tenantId: "tn_100000000000111", businessId: "200000000000001" };
const A2: TenantScope = { tenantId: "tn_100000000000111", businessId: "200000000000002" };
const B1: TenantScope = { tenantId: "tn_100000000000222", businessId: "200000000000003" };
const FOREIGN_KEYS = parseKeyRing(`other:${Buffer.alloc(32, 9).toString("base64")}`);

interface Rpc {
  service: string;
  name: string;
  path: string;
  serverStream: boolean;
  defaults: Buffer;
}

describe("cross-tenant isolation on every gRPC method", () => {
  let served: ServedGrpc;
  let rpcs: Rpc[];
  beforeAll(async () => {
    served = await serveGrpcServices();
    rpcs = served.bindings.flatMap((binding) =>
      Object.entries(binding.definition).map(([name, def]) => {
        const codec = def as unknown as {
          path: string;
          responseStream: boolean;
          requestSerialize: (v: unknown) => Buffer;
          requestDeserialize: (b: Buffer) => unknown;
        };
        return {
          service: binding.name,
          name,
          path: codec.path,
          serverStream: codec.responseStream,
          defaults: codec.requestSerialize(codec.requestDeserialize(Buffer.alloc(0))),
        };
      }),
    );
  });
  afterAll(() => served.stop());

  const callRaw = (client: Client, rpc: Rpc, scope: TenantScope) =>
    new Promise<number>((resolve) => {
      const metadata = new Metadata();
      for (const [k, v] of Object.entries(scopeToMetadataEntries(scope))) metadata.set(k, v);
      const identity = (b: Buffer) => b;
      const deadline = new Date(Date.now() + 10_000);
      if (!rpc.serverStream) {
        client.makeUnaryRequest(
          rpc.path,
          identity,
          identity,
          rpc.defaults,
          metadata,
          { deadline },
          (e: ServiceError | null) => resolve(e?.code ?? 0),
        );
        return;
      }
      const stream = client.makeServerStreamRequest(rpc.path, identity, identity, rpc.defaults, metadata, { deadline });
      stream.on("data", () => stream.cancel());
      stream.on("error", () => {});
      stream.on("status", (s: { code: number }) => resolve(s.code));
    });

  it("refuses every method called with another tenant's scope but no valid token", async () => {
    const refusedNot: string[] = [];
    let probes = 0;
    for (const rpc of rpcs) {
      const address = served.addresses.get(rpc.service) as string;
      // Plain request entries straight to the server: what any process reaching the port can send.
      const forged = new Client(address, credentials.createInsecure());
      // A token signed, but with keys the platform does not hold.
      const foreign = openInternalClient(Client, address, { keys: FOREIGN_KEYS, caller: "intruder" });
      for (const [label, client] of [
        ["unsigned entries", forged],
        ["foreign key", foreign],
      ] as const) {
        for (const scope of [B1, A2]) {
          const code = await callRaw(client, rpc, scope);
          probes += 1;
          if (code !== 16) refusedNot.push(`${rpc.service}.${rpc.name} (${label}, ${scope.businessId}): ${code}`);
        }
      }
      forged.close();
      foreign.close();
    }
    console.log(`isolation: ${probes} gRPC token probes over ${rpcs.length} methods, ${refusedNot.length} not refused`);
    expect(refusedNot).toEqual([]);
  });

  it("finds A1's product for no other business, and lets none change or delete it", async () => {
    const client = openTestClient(
      CatalogServiceClient,
      served.addresses.get("switchboard.catalog.v1.CatalogService") as string,
    );
    const call = <Req, Res>(name: string, method: (...a: never[]) => unknown, request: Req, scope: TenantScope) =>
      callUnary<Req, Res>(name, method.bind(client) as never, request, { scope }).then(
        (response) => ({ ok: true as const, response }),
        (error: { code?: string }) => ({ ok: false as const, code: error.code ?? "?" }),
      );
    const product = productMessage({
      catalogId: "800000000000001",
      retailerId: "sku-private",
      name: "Private mug",
      availableQuantity: 4,
    });
    const created = await call("UpsertProduct", client.upsertProduct, { product }, A1);
    expect(created).toMatchObject({ ok: true });
    const ids = { catalogId: "800000000000001", retailerId: "sku-private", itemId: "" };
    const leaks: string[] = [];
    let probes = 0;
    for (const other of [A2, B1]) {
      const probesOf: [string, () => Promise<{ ok: boolean; response?: unknown; code?: string }>][] = [
        ["GetProduct", () => call("GetProduct", client.getProduct, ids, other)],
        [
          "ListProducts",
          () =>
            call(
              "ListProducts",
              client.listProducts,
              {
                catalogId: ids.catalogId,
                pageSize: 0,
                cursor: "",
                availability: "",
                inStockOnly: false,
                brand: "",
                category: "",
              },
              other,
            ),
        ],
        [
          "SearchProducts",
          () =>
            call(
              "SearchProducts",
              client.searchProducts,
              { catalogId: ids.catalogId, prefix: "Priv", pageSize: 0 },
              other,
            ),
        ],
        [
          "FindUnknownProducts",
          () =>
            call(
              "FindUnknownProducts",
              client.findUnknownProducts,
              { catalogId: ids.catalogId, retailerIds: [ids.retailerId] },
              other,
            ),
        ],
        [
          "DeleteProduct",
          () =>
            call(
              "DeleteProduct",
              client.deleteProduct,
              { catalogId: ids.catalogId, retailerId: ids.retailerId },
              other,
            ),
        ],
        [
          "AdjustInventory",
          () =>
            call(
              "AdjustInventory",
              client.adjustInventory,
              { catalogId: ids.catalogId, retailerId: ids.retailerId, delta: -4 },
              other,
            ),
        ],
      ];
      for (const [name, run] of probesOf) {
        const outcome = await run();
        probes += 1;
        if (outcome.ok && JSON.stringify(outcome.response).includes("Private mug"))
          leaks.push(`${name} as ${other.businessId} read it`);
      }
    }
    const after = await call<typeof ids, { product?: Product }>("GetProduct", client.getProduct, ids, A1);
    expect(after.ok && after.response.product).toMatchObject({ name: "Private mug", availableQuantity: 4 });
    console.log(`isolation: ${probes} gRPC data probes on the catalog's products, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    client.close();
  });
});
