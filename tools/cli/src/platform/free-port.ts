// Finds a free TCP port for a service to listen on. Not one the OS picks (bind to 0): those come
// from the ephemeral range (32768–60999 on Linux), which outgoing connections draw from too, so
// between the pick and the service's listen — or while a killed service waits to be started
// again on its ports — a Kafka or MongoDB client connection could take it (the fault audit once
// failed to start on EADDRINUSE). Ports below that range are only ever taken by listeners.
import { createServer } from "node:net";

const LOW = 20_000;
const HIGH = 32_767;
/** Handed out by this process already: two services started at once never get the same one. */
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "0.0.0.0", () => server.close(() => resolve(true)));
  });
}

function osPick(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await bindable(port)) return port;
  }
  return osPick(); // the low range is crowded: better an ephemeral port than none
}
