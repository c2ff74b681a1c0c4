// Whether a Docker engine answers (not merely a docker client being installed, as on our own
// machines): `docker info` must succeed within a few seconds.
import { execFile } from "node:child_process";

export function dockerEngineAnswers(timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: timeoutMs }, (error, stdout) =>
      resolve(!error && stdout.trim().length > 0),
    );
  });
}
