// A throwaway certificate authority with a server and a client certificate, made with the openssl
// CLI (node:crypto cannot issue X.509) in a temporary directory, for the mutual-TLS tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InternalTls } from "../../src/grpc/internal-tls.ts";

export interface TestCertificates {
  /** The server's certificate (SAN 127.0.0.1, localhost) and key, with the CA. */
  server: InternalTls;
  /** A client certificate issued by the same CA. */
  client: InternalTls;
  /** A client certificate from a CA the server does not trust. */
  stranger: InternalTls;
  /** The files, as config names them. */
  files: { ca: string; cert: string; key: string };
  remove(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-mtls-"));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const authority = (name: string) => {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      path(`${name}.key`),
      "-out",
      path(`${name}.crt`),
    );
  };
  const issue = (name: string, ca: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      path(`${name}.key`),
      "-out",
      path(`${name}.csr`),
    );
    openssl(
      "x509",
      "-req",
      "-in",
      path(`${name}.csr`),
      "-CA",
      path(`${ca}.crt`),
      "-CAkey",
      path(`${ca}.key`),
      "-CAcreateserial",
      "-days",
      "1",
      "-extfile",
      path(`${name}.ext`),
      "-out",
      path(`${name}.crt`),
    );
  };
  authority("ca");
  authority("other-ca");
  issue("server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  issue("client", "ca", "extendedKeyUsage=clientAuth\n");
  issue("stranger", "other-ca", "extendedKeyUsage=clientAuth\n");
  const read = (name: string) => readFileSync(path(name));
  const material = (name: string, ca: string): InternalTls => ({
    ca: read(`${ca}.crt`),
    cert: read(`${name}.crt`),
    key: read(`${name}.key`),
  });
  return {
    server: material("server", "ca"),
    client: material("client", "ca"),
    stranger: { ...material("stranger", "other-ca"), ca: read("ca.crt") },
    files: { ca: path("ca.crt"), cert: path("server.crt"), key: path("server.key") },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
