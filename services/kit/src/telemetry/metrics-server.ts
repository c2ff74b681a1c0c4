// The Prometheus scrape endpoint of a service process, on its own port (METRICS_PORT), apart from
// the service's traffic: the public edge (ingress :8080) never shows operational series to its
// clients, and a NetworkPolicy can open this port to the monitoring namespace only. It answers
// GET /metrics with every OTel instrument of the process (prometheus-reader.ts) and nothing else;
// it must never serve service routes, probes or anything derived from a request.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsText } from "./prometheus-reader.ts";

export interface MetricsServer {
  /** The bound port (the given one, or the one picked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export async function startMetricsServer(options: { host: string; port: number }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0];
    if (request.method !== "GET" || path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    metricsText().then(
      (text) => response.writeHead(200, { "content-type": CONTENT_TYPE }).end(text),
      () => response.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  // A scraper keeps its connection alive between scrapes; close() must not wait for it.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    // Boot fails naming the variable, like any other bad setting (a port in use, say).
    const fail = (error: Error) =>
      reject(new Error(`METRICS_PORT ${options.port}: ${error.message}`, { cause: error }));
    server.once("error", fail);
    server.listen(options.port, options.host, () => {
      server.off("error", fail);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
