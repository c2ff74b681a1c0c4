// Starts a grpc-js server for a service's implementations, always with grpc.health.v1 (per-service
// statuses, flipped to NOT_SERVING when shutdown begins), and server reflection (from the compiled
// descriptor set of proto/, so grpcurl and friends see every contract) unless turned off, as
// production turns it off. Every method of the service implementations is guarded: its scope
// token is verified before the handler runs (call-guard.ts). Mutual TLS when material is given.
import { readFileSync } from "node:fs";
import { Server, type ServiceDefinition, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { loadFileDescriptorSetFromBuffer } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { DESCRIPTOR_SET_PATH } from "@switchboard/proto";
import { HealthImplementation } from "grpc-health-check";
import type { KeyRing } from "../security/key-ring.ts";
import { guardImplementation } from "./call-guard.ts";
import { type InternalTls, serverCredentialsOf } from "./internal-tls.ts";

export interface GrpcServiceBinding {
  /** Fully qualified name, e.g. `switchboard.conversation.v1.ConversationService`. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface RunningGrpcServer {
  port: number;
  /** Phase one of shutdown: health says NOT_SERVING, no new calls, in-flight calls finish. */
  drain(timeoutMs: number): Promise<void>;
}

export interface GrpcServerSecurity {
  /** Verifies the scope tokens of incoming calls. */
  keys: KeyRing;
  /** Mutual TLS; plaintext without. */
  tls?: InternalTls | undefined;
  /** Serve grpc.reflection (off in production: it maps every method for whoever reaches the port). */
  reflection: boolean;
}

export async function startGrpcServer(options: {
  host: string;
  port: number;
  services: readonly GrpcServiceBinding[];
  security: GrpcServerSecurity;
}): Promise<RunningGrpcServer> {
  const server = new Server();
  for (const service of options.services)
    server.addService(
      service.definition,
      guardImplementation(service.definition, service.implementation, { keys: options.security.keys }),
    );

  const health = new HealthImplementation({
    "": "SERVING",
    ...Object.fromEntries(options.services.map((s) => [s.name, "SERVING" as const])),
  });
  health.addToServer(server);

  if (options.security.reflection) {
    const descriptors = loadFileDescriptorSetFromBuffer(readFileSync(DESCRIPTOR_SET_PATH));
    new ReflectionService(descriptors).addToServer(server);
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, serverCredentialsOf(options.security.tls), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    port,
    async drain(timeoutMs: number) {
      health.setStatus("", "NOT_SERVING");
      for (const service of options.services) health.setStatus(service.name, "NOT_SERVING");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
