import type { AzureAdapter } from "../azure/adapter.js";
import { cloudFor } from "../core/clouds.js";
import type { GlobalOptions } from "./global-options.js";

/** An adapter for the command's target, and how to release what it started. */
export interface AzureSession {
  readonly adapter: AzureAdapter;
  /** What the user is working against, for headers and messages (never a token). */
  readonly description: string;
  /** The DNS server that answers as the target's private DNS does, when vaultlink runs it (the built-in sandbox). */
  readonly dnsServer: string | undefined;
  close(): Promise<void>;
}

/**
 * Opens the target the global options name: the built-in demo tenant (an in-process sandbox on a free loopback
 * port), a sandbox already serving at a URL, or Azure with the default credential chain. The SDK and the sandbox
 * are imported here, on demand, so commands that never reach Azure do not load them.
 */
export async function openAzureSession(options: GlobalOptions): Promise<AzureSession> {
  const { createAzureAdapter } = await import("../azure/adapter.js");
  switch (options.target.kind) {
    case "builtInSandbox": {
      const { startSandbox } = await import("../sandbox/server.js");
      const sandbox = await startSandbox();
      const adapter = await createAzureAdapter(
        { kind: "sandbox", url: new URL(sandbox.url) },
        { pollIntervalMs: 50 },
      );
      return {
        adapter,
        description: "the built-in demo tenant (sandbox)",
        dnsServer: `${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`,
        close: () => sandbox.close(),
      };
    }
    case "sandboxUrl": {
      const adapter = await createAzureAdapter(
        { kind: "sandbox", url: options.target.url },
        { pollIntervalMs: 200 },
      );
      return {
        adapter,
        description: `the sandbox at ${options.target.url.origin}`,
        dnsServer: undefined,
        close: async () => {},
      };
    }
    case "azure": {
      const { defaultCredential } = await import("../azure/credential.js");
      const cloud = cloudFor(options.cloud ?? "AzureCloud");
      const credential = await defaultCredential(cloud, options.tenant);
      const adapter = await createAzureAdapter({ kind: "cloud", cloud, credential });
      return { adapter, description: `Azure (${cloud.name})`, dnsServer: undefined, close: async () => {} };
    }
  }
}
