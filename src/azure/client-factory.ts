import type { DnsResolverManagementClient } from "@azure/arm-dnsresolver";
import type { KeyVaultManagementClient } from "@azure/arm-keyvault";
import type { NetworkManagementClient } from "@azure/arm-network";
import type { PolicyClient } from "@azure/arm-policy";
import type { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import type { RecoveryServicesClient } from "@azure/arm-recoveryservices";
import type { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { ResourceManagementClient } from "@azure/arm-resources";
import type { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { Pipeline, PipelinePolicy } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import type { Cloud } from "../core/clouds.js";
import { parseSandboxUrl, SANDBOX_BEARER_TOKEN } from "../core/sandbox-endpoint.js";
import { terminalSafe } from "../core/terminal-safe.js";
import { answerChecksPolicy } from "./answer-checks.js";
import { Pacer, pacingPolicy } from "./pacing.js";
import { armOperationLogPolicy, armRequestLogPolicy, type RequestLog } from "./request-logging.js";
import { untrustedCertificatePolicy } from "./tls-trust.js";
import {
  bareThrottlingRetryPolicy,
  DEFAULT_REQUEST_TIMEOUT_MS,
  retryAfterCapPolicy,
  transportFailurePolicy,
} from "./transport-failures.js";

/** Where ARM calls go: a real cloud with a real credential, or a sandbox on this machine. */
export type AzureTarget =
  | { readonly kind: "cloud"; readonly cloud: Cloud; readonly credential: TokenCredential }
  | { readonly kind: "sandbox"; readonly url: URL };

export interface AzureClientOptions {
  /**
   * Delay between polls of a long-running operation when ARM sends no Retry-After. Undefined keeps the SDK's
   * default (2 s for the modular clients, 30 s for the backup client); tests pass a few milliseconds.
   */
  readonly pollIntervalMs?: number;
  /** --verbose / --debug: where the request log goes. Undefined logs nothing. */
  readonly requestLog?: RequestLog;
  /**
   * How long one request may go unanswered before it is retried (default {@link DEFAULT_REQUEST_TIMEOUT_MS});
   * fault tests pass a few hundred milliseconds.
   */
  readonly requestTimeoutMs?: number;
  /**
   * First delay before retrying a failed request, doubled each retry. Undefined keeps the SDK's 1 s; fault tests
   * pass a few milliseconds.
   */
  readonly retryDelayMs?: number;
}

/**
 * One client per resource provider and subscription, made on first use and then reused. Each SDK package is
 * imported when its first client is asked for, not before: a wizard that lists through Resource Graph never loads
 * the network client (5 MB of source), and what it does not load it does not hold in memory.
 */
export interface AzureClients {
  readonly pollIntervalMs: number | undefined;
  /** The identity's ARM and Resource Graph budgets, shared by every client below. */
  readonly pacer: Pacer;
  /** ARM's base URL (no trailing slash), for the one read no listed SDK package offers (data-protection-reads.ts). */
  readonly armEndpoint: string;
  network(subscriptionId: string): Promise<NetworkManagementClient>;
  privateDns(subscriptionId: string): Promise<PrivateDnsManagementClient>;
  dnsResolver(subscriptionId: string): Promise<DnsResolverManagementClient>;
  recoveryServices(subscriptionId: string): Promise<RecoveryServicesClient>;
  backup(subscriptionId: string): Promise<RecoveryServicesBackupClient>;
  subscriptions(): Promise<SubscriptionClient>;
  /** Tenant-level: one client answers queries over any set of subscriptions. */
  resourceGraph(): Promise<ResourceGraphClient>;
  policy(subscriptionId: string): Promise<PolicyClient>;
  /** Resource providers' registration (Providers_Get), and the pipeline of the Backup vault read. */
  resources(subscriptionId: string): Promise<ResourceManagementClient>;
  keyVault(subscriptionId: string): Promise<KeyVaultManagementClient>;
}

/**
 * The api-version of the one client whose package default is newer than the specs the project checks its traffic
 * against (spec/azure/README.md): Providers_Get at the vendored resources.json (2024-03-01), which answers every
 * field vaultlink reads (registrationState). Key Vault sends its package default (2026-02-01), the version of the
 * vendored Key Vault spec excerpt.
 */
const RESOURCES_API_VERSION = "2024-03-01";

/**
 * vaultlink signs sandbox requests with this fixed, non-secret token (the sandbox accepts any bearer token). The
 * SDK's bearer policy refuses plain http even with allowInsecureConnection (STACK-NOTES, "Pointing the real clients
 * at a local http server"), so it is removed and this policy signs each request (in the Sign phase, so every retry
 * is signed too).
 */
function sandboxTokenPolicy(): PipelinePolicy {
  return {
    name: "vaultlinkSandboxToken",
    sendRequest: (request, next) => {
      request.headers.set("Authorization", `Bearer ${SANDBOX_BEARER_TOKEN}`);
      return next(request);
    },
  };
}

/** Never asked: the sandbox pipeline has no bearer policy. Real credentials are never handed to a sandbox client. */
const NO_CREDENTIAL: TokenCredential = {
  getToken: () =>
    Promise.reject(new Error("A sandbox client asked for a token; its pipeline signs with a fixed one.")),
};

/**
 * The backup client is a CommonJS package. Node's own import() exposes its exports by name and as `default`; the
 * esbuild bundle (code splitting) exposes only `default`. Taking `default` when present works for both.
 */
function commonJsExports<T extends object>(module: T & { readonly default?: T }): T {
  return module.default ?? module;
}

/** The first call's promise, kept: a module imported once, a tenant-level client made once. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

function memo<T>(make: (subscriptionId: string) => T): (subscriptionId: string) => T {
  const made = new Map<string, T>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    let client = made.get(key);
    if (client === undefined) {
      client = make(subscriptionId);
      made.set(key, client);
    }
    return client;
  };
}

/**
 * Makes the SDK clients for a target. The SDK modules are imported on first use, not at module load: together they
 * take ~465 ms to load, which must not delay the wizard's first frame,
 * and most commands need only a few of them.
 * @throws UserError when a sandbox URL is not on a loopback address.
 */
export async function createAzureClients(
  target: AzureTarget,
  options: AzureClientOptions = {},
): Promise<AzureClients> {
  const pipeline = await import("@azure/core-rest-pipeline");
  const sdk = {
    network: once(() => import("@azure/arm-network")),
    privateDns: once(() => import("@azure/arm-privatedns")),
    dnsResolver: once(() => import("@azure/arm-dnsresolver").then(commonJsExports)),
    recoveryServices: once(() => import("@azure/arm-recoveryservices")),
    backup: once(() => import("@azure/arm-recoveryservicesbackup").then(commonJsExports)),
    subscriptions: once(() => import("@azure/arm-resources-subscriptions")),
    resourceGraph: once(() => import("@azure/arm-resourcegraph")),
    policy: once(() => import("@azure/arm-policy")),
    resources: once(() => import("@azure/arm-resources")),
    keyVault: once(() => import("@azure/arm-keyvault")),
  };

  let endpoint: string;
  let credential: TokenCredential;
  let scopes: string[] | undefined;
  let insecure = false;
  if (target.kind === "sandbox") {
    // Plain http is allowed to loopback only: parseSandboxUrl refuses any other host.
    const url = parseSandboxUrl(target.url.href);
    endpoint = url.origin;
    credential = NO_CREDENTIAL;
    insecure = url.protocol === "http:";
  } else {
    // The modular clients ask for the public cloud's scope unless told otherwise (src/core/clouds.ts).
    endpoint = target.cloud.armEndpoint.replace(/\/+$/, "");
    credential = target.credential;
    scopes = [target.cloud.armTokenScope];
  }

  // One instance of each logging policy serves every client, so the log reads as one sequence.
  const { requestLog } = options;
  // Log lines quote names and errors from the tenant: made terminal-safe like every other line (core/terminal-safe.ts).
  const writeLog = (line: string) => requestLog?.write(terminalSafe(line));
  const operationLog = requestLog === undefined ? undefined : armOperationLogPolicy(writeLog);
  const httpLog = requestLog?.level === "debug" ? armRequestLogPolicy(writeLog) : undefined;
  const transport = transportFailurePolicy(
    pipeline.RestError,
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  );
  // The SDK's own first retry delay when none is given.
  const bareThrottling = bareThrottlingRetryPolicy(pipeline.retryPolicy, options.retryDelayMs ?? 1000);
  const retryAfterCap = retryAfterCapPolicy();
  const answerChecks = answerChecksPolicy();
  const pacer = new Pacer();
  const pacing = pacingPolicy(pacer);
  const untrustedCertificate = untrustedCertificatePolicy(target.kind);

  const signed = <C extends { pipeline: Pipeline }>(client: C): C => {
    if (target.kind === "sandbox") {
      client.pipeline.removePolicy({ name: pipeline.bearerTokenAuthenticationPolicyName });
      client.pipeline.addPolicy(sandboxTokenPolicy(), { phase: "Sign" });
    }
    // Per call (no phase): once per operation. After the retry phase: once per request actually sent.
    if (operationLog !== undefined) client.pipeline.addPolicy(operationLog);
    if (httpLog !== undefined) client.pipeline.addPolicy(httpLog, { afterPhase: "Retry" });
    // In this order, outermost first: the timeout covers reading the body; each answer is checked and its
    // Retry-After capped before the retry policy acts on it.
    client.pipeline.addPolicy(untrustedCertificate, { afterPhase: "Retry" });
    client.pipeline.addPolicy(transport, { afterPhase: "Retry" });
    client.pipeline.addPolicy(retryAfterCap, { afterPhase: "Retry" });
    client.pipeline.addPolicy(answerChecks, { afterPhase: "Retry" });
    client.pipeline.addPolicy(bareThrottling, { phase: "Retry" });
    // After the retry phase: each request actually sent waits for its budget, retries included.
    client.pipeline.addPolicy(pacing, { afterPhase: "Retry" });
    return client;
  };
  const retryOptions =
    options.retryDelayMs === undefined ? {} : { retryOptions: { retryDelayInMs: options.retryDelayMs } };
  const modular = {
    endpoint,
    ...retryOptions,
    ...(insecure ? { allowInsecureConnection: true } : {}),
    ...(scopes === undefined ? {} : { credentials: { scopes } }),
  };
  const classic = {
    endpoint,
    ...retryOptions,
    ...(insecure ? { allowInsecureConnection: true } : {}),
    ...(scopes === undefined ? {} : { credentialScopes: scopes }),
  };

  return {
    pollIntervalMs: options.pollIntervalMs,
    pacer,
    armEndpoint: endpoint,
    network: memo(async (id) =>
      signed(new (await sdk.network()).NetworkManagementClient(credential, id, modular)),
    ),
    privateDns: memo(async (id) =>
      signed(new (await sdk.privateDns()).PrivateDnsManagementClient(credential, id, modular)),
    ),
    dnsResolver: memo(async (id) =>
      signed(new (await sdk.dnsResolver()).DnsResolverManagementClient(credential, id, classic)),
    ),
    recoveryServices: memo(async (id) =>
      signed(new (await sdk.recoveryServices()).RecoveryServicesClient(credential, id, modular)),
    ),
    backup: memo(async (id) =>
      signed(new (await sdk.backup()).RecoveryServicesBackupClient(credential, id, classic)),
    ),
    policy: memo(async (id) => signed(new (await sdk.policy()).PolicyClient(credential, id, modular))),
    subscriptions: once(async () =>
      signed(new (await sdk.subscriptions()).SubscriptionClient(credential, modular)),
    ),
    resourceGraph: once(async () =>
      signed(new (await sdk.resourceGraph()).ResourceGraphClient(credential, modular)),
    ),
    resources: memo(async (id) =>
      signed(
        new (await sdk.resources()).ResourceManagementClient(credential, id, {
          ...modular,
          apiVersion: RESOURCES_API_VERSION,
        }),
      ),
    ),
    keyVault: memo(async (id) =>
      signed(new (await sdk.keyVault()).KeyVaultManagementClient(credential, id, modular)),
    ),
  };
}
