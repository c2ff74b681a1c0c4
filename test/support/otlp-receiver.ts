// A minimal OTLP/HTTP (JSON) trace receiver for e2e tests: services export their spans here, the
// test reads which services took part in a trace.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { traceId: string; name: string }[] }[];
  }[];
}

export interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
}

export interface OtlpReceiver {
  endpoint: string;
  spans: ReceivedSpan[];
  servicesInTrace(traceId: string): Set<string>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport;
          for (const resourceSpans of body.resourceSpans ?? []) {
            const service =
              resourceSpans.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue ?? "?";
            for (const scope of resourceSpans.scopeSpans ?? []) {
              for (const span of scope.spans ?? []) spans.push({ service, traceId: span.traceId, name: span.name });
            }
          }
        } catch {
          // Non-JSON exports (metrics in protobuf, say) are not what this receiver reads.
        }
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    servicesInTrace: (traceId) => new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.service)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
