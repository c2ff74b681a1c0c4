// A loopback port free at the moment of asking (the OS picks it), for the private servers tests
// start beside the shared dev stack. Another process may take it before it is listened on; the
// servers started on it fail loudly then.
import { createServer } from "node:net";

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}
