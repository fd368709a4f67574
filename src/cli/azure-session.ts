import type { AzureAdapter } from "../azure/adapter.js";
import type { SignedIn } from "../azure/credential.js";
import type { RequestLog } from "../azure/request-logging.js";
import { type Cloud, type CloudName, cloudFor } from "../core/clouds.js";
import { azureCliActiveCloud } from "./azure-cli-cloud.js";
import type { GlobalOptions } from "./global-options.js";
import { keepHeapLean } from "./lean-heap.js";

/** An adapter for the command's target, and how to release what it started. */
export interface AzureSession {
  readonly adapter: AzureAdapter;
  /** What the user is working against, for headers and messages (never a token). */
  readonly description: string;
  /** The DNS server that answers as the target's private DNS does, when vaultlink runs it (the built-in sandbox). */
  readonly dnsServer: string | undefined;
  /** For Azure: "Signed in as … (tenant …) via …". Undefined for a sandbox. */
  readonly signedIn: string | undefined;
  close(): Promise<void>;
}

export interface SessionSurroundings {
  /** The cloud the command's input names (a plan's `cloud`), used when --cloud is not given. */
  readonly inputCloud?: CloudName;
  /** Where sign-in prompts, the signed-in line and the --verbose / --debug log go. */
  readonly stderr?: NodeJS.WritableStream;
  readonly env?: NodeJS.ProcessEnv;
}

function requestLogFor(options: GlobalOptions, stderr: NodeJS.WritableStream): RequestLog | undefined {
  if (options.log === "normal") return undefined;
  return { level: options.log, write: (line) => stderr.write(`${line}\n`) };
}

/**
 * The cloud to work in: --cloud, else the one the input names, else the Azure CLI's active cloud (so someone who
 * ran `az cloud set --name AzureUSGovernment` needs no flag), else AzureCloud.
 */
function chosenCloud(
  options: GlobalOptions,
  surroundings: SessionSurroundings,
  env: NodeJS.ProcessEnv,
): Promise<CloudName> | CloudName {
  return options.cloud ?? surroundings.inputCloud ?? azureCliActiveCloud(env);
}

/**
 * Signs in to the cloud the options choose (see chosenCloud), with --tenant and --device-code; the device code
 * prompt goes to stderr.
 * @throws UserError (exit 2) when no credential can sign in, naming each one tried and the next step.
 */
export async function signInToAzure(
  options: GlobalOptions,
  surroundings: SessionSurroundings = {},
): Promise<{ readonly cloud: Cloud; readonly signedIn: SignedIn }> {
  const stderr = surroundings.stderr ?? process.stderr;
  const { signIn } = await import("../azure/credential.js");
  const cloud = cloudFor(await chosenCloud(options, surroundings, surroundings.env ?? process.env));
  const signedIn = await signIn({
    cloud,
    tenantId: options.tenant,
    ...(options.deviceCode ? { deviceCodePrompt: (message: string) => stderr.write(`${message}\n`) } : {}),
  });
  return { cloud, signedIn };
}

/**
 * Opens the target the global options name: the built-in demo tenant (an in-process sandbox on a free loopback
 * port), a sandbox already serving at a URL, or Azure, signed in through the default credential chain or the device
 * code flow. The SDK and the sandbox are imported here, on demand, so commands that never reach Azure do not load
 * them.
 * @throws UserError (exit 2) when no credential can sign in, naming each one tried and the next step.
 */
export async function openAzureSession(
  options: GlobalOptions,
  surroundings: SessionSurroundings = {},
): Promise<AzureSession> {
  await keepHeapLean();
  const stderr = surroundings.stderr ?? process.stderr;
  const requestLog = requestLogFor(options, stderr);
  const logging = {
    ...(requestLog === undefined ? {} : { requestLog }),
    inventory: options.inventory === "arm" ? ("armLists" as const) : ("auto" as const),
  };
  const { createAzureAdapter } = await import("../azure/adapter.js");
  switch (options.target.kind) {
    case "builtInSandbox": {
      const { startSandbox } = await import("../sandbox/server.js");
      const sandbox = await startSandbox();
      const adapter = await createAzureAdapter(
        { kind: "sandbox", url: new URL(sandbox.url) },
        { pollIntervalMs: 50, ...logging },
      );
      return {
        adapter,
        description: "the built-in demo tenant (sandbox)",
        dnsServer: `${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`,
        signedIn: undefined,
        close: () => sandbox.close(),
      };
    }
    case "sandboxUrl": {
      const adapter = await createAzureAdapter(
        { kind: "sandbox", url: options.target.url },
        { pollIntervalMs: 200, ...logging },
      );
      return {
        adapter,
        description: `the sandbox at ${options.target.url.origin}`,
        dnsServer: undefined,
        signedIn: undefined,
        close: async () => {},
      };
    }
    case "azure": {
      const { describeSignIn } = await import("../azure/credential.js");
      const { cloud, signedIn } = await signInToAzure(options, surroundings);
      const line = describeSignIn(signedIn);
      stderr.write(`${line}\n`);
      const adapter = await createAzureAdapter(
        { kind: "cloud", cloud, credential: signedIn.credential },
        logging,
      );
      return {
        adapter,
        description: `Azure (${cloud.name})`,
        dnsServer: undefined,
        signedIn: line,
        close: async () => {},
      };
    }
  }
}
