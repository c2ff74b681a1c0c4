// A private Kafka broker (own state dir and free ports; the shared dev stack is never touched) with
// the listeners a production cluster secures its clients with: SASL_SSL with SCRAM-SHA-512, and
// SSL with a required client certificate. Certificates come from a throwaway CA made with openssl
// (test-certificates.ts); the SCRAM user is created when the storage is formatted.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "@switchboard/devstack/free-port";
import { startPrivateKafka } from "@switchboard/devstack/private-kafka";
import { makeTestCertificates } from "./test-certificates.ts";

export interface SecuredKafka {
  /** host:port of the SASL_SSL (SCRAM-SHA-512) listener. */
  readonly saslSsl: string;
  /** host:port of the SSL listener that requires a client certificate. */
  readonly mutualTls: string;
  readonly user: { readonly name: string; readonly password: string };
  /** PEM files, as KAFKA_SSL_CA / KAFKA_SSL_CERT / KAFKA_SSL_KEY name them. */
  readonly files: { readonly ca: string; readonly clientCert: string; readonly clientKey: string };
  /** Stops the broker and removes its state and the certificates. */
  stop(): Promise<void>;
}

export async function startSecuredKafka(): Promise<SecuredKafka> {
  const certificates = makeTestCertificates();
  const dir = mkdtempSync(join(tmpdir(), "kafka-security-"));
  const removeAll = () => {
    certificates.remove();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const path = (name: string) => join(dir, name);
    writeFileSync(path("client.crt"), certificates.client.cert);
    writeFileSync(path("client.key"), certificates.client.key);
    // The broker's key store: PKCS#12, which Java reads without a detour (a PEM key *file* would
    // have to be encrypted). The password only guards this throwaway file.
    const storePassword = randomBytes(12).toString("hex");
    execFileSync(
      "openssl",
      [
        "pkcs12",
        "-export",
        "-in",
        certificates.files.cert,
        "-inkey",
        certificates.files.key,
        "-name",
        "broker",
        "-passout",
        `pass:${storePassword}`,
        "-out",
        path("broker.p12"),
      ],
      { stdio: "pipe" },
    );
    const ports = { kafka: await freeLoopbackPort(), kafkaController: await freeLoopbackPort() };
    const saslPort = await freeLoopbackPort();
    const mtlsPort = await freeLoopbackPort();
    const user = { name: "switchboard", password: randomBytes(12).toString("hex") };
    const kafka = await startPrivateKafka({
      stateDir: path("state"),
      ports,
      extraListeners: [
        { name: "SECURE", port: saslPort, protocol: "SASL_SSL" },
        { name: "MTLS", port: mtlsPort, protocol: "SSL" },
      ],
      extraProperties: {
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": path("broker.p12"),
        "ssl.keystore.password": storePassword,
        "ssl.key.password": storePassword,
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": certificates.files.ca,
        "sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.secure.scram-sha-512.sasl.jaas.config":
          "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "listener.name.mtls.ssl.client.auth": "required",
      },
      scramCredentials: [{ mechanism: "SCRAM-SHA-512", ...user }],
    });
    return {
      saslSsl: `127.0.0.1:${saslPort}`,
      mutualTls: `127.0.0.1:${mtlsPort}`,
      user,
      files: { ca: certificates.files.ca, clientCert: path("client.crt"), clientKey: path("client.key") },
      async stop() {
        try {
          await kafka.stop();
        } finally {
          removeAll();
        }
      },
    };
  } catch (error) {
    // A broker that never got ready was already stopped by ensureService.
    removeAll();
    throw error;
  }
}
