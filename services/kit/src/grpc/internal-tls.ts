// The mutual-TLS material of internal gRPC channels: one CA every service trusts, and each
// service's own certificate and key, which it presents both as a server and as a client. Servers
// with this material require a client certificate from that CA; without it, channels are
// plaintext (development, or a mesh that provides mTLS itself).
import { readFileSync } from "node:fs";
import { type ChannelCredentials, credentials, ServerCredentials } from "@grpc/grpc-js";

export interface InternalTls {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads the PEM files named by config; all three or none. */
export function readInternalTls(files: {
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}): InternalTls | undefined {
  const { ca, cert, key } = files;
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if (ca === undefined || cert === undefined || key === undefined)
    throw new Error("GRPC_TLS_CA, GRPC_TLS_CERT and GRPC_TLS_KEY go together: set all three or none");
  return { ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key) };
}

export function serverCredentialsOf(tls: InternalTls | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  // `true`: a client without a certificate signed by the CA is refused during the handshake.
  return ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], true);
}

export function channelCredentialsOf(tls: InternalTls | undefined): ChannelCredentials {
  return tls ? credentials.createSsl(tls.ca, tls.key, tls.cert) : credentials.createInsecure();
}
