// Runs kube-validate on a kustomization (render + strict decode) or on a YAML file (decode only)
// and returns what it reported: every rendered object as JSON, the custom resources it could not
// decode against built-in types, and the decoding errors.
import { spawn } from "node:child_process";

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

export interface ValidationReport {
  objects: KubeObject[];
  unchecked: string[];
  errors: string[];
}

export function runValidator(binary: string, mode: "build" | "check", target: string): Promise<ValidationReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [mode, target], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      // 0: valid; 3: rendered but with decoding errors (reported in the JSON); anything else failed.
      if (code !== 0 && code !== 3) {
        reject(new Error(`kube-validate ${mode} ${target} exited with ${code}: ${err.trim()}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(out).toString()) as ValidationReport);
    });
  });
}
