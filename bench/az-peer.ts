// Benchmark (prints figures; not a test): the peer comparison. The same private-zones setup made twice on fresh
// sandboxes with the latencies of apply-critical-path.ts: once by bench/az-private-zones.sh, Debian's az CLI
// typed one command per resource, and once by `vaultlink apply --yes` of examples/private-zones.plan.json. The
// figures are vaultlink's ARM requests and wall time as fractions of az's (goals <= 0.5 and <= 0.3), and each side's
// requests by kind. Neither count has token requests (az's sign-in, cloud register and `az login --identity`, is set
// up before the clock starts). Both wait for every write to end. vaultlink's count has its preview's reads, the
// tenant and the vault's prerequisites (provider registration, protected items, registered servers), which the az
// script leaves to its user.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseLatencyProfile } from "../src/sandbox/latency.js";
import { MANAGED_IDENTITY_PATH } from "../src/sandbox/managed-identity.js";
import type { LogEntry } from "../src/sandbox/request-log.js";
import { type RunningSandbox, startSandbox } from "../src/sandbox/server.js";
import { generateLoopbackCertificate } from "../src/sandbox/tls-certificate.js";

const PLAN = "examples/private-zones.plan.json";
const SCRIPT = "bench/az-private-zones.sh";
const LATENCY = "lro=3000ms,write=40ms,read=15ms";
const run = promisify(execFile);
const WRITES = new Set(["PUT", "PATCH", "POST", "DELETE"]);

/** A run's ARM requests by kind: what each side spends its requests on. */
export interface RequestKinds {
  /** Reads before the first write: vaultlink's preview (the tenant as it is, the vault's prerequisites). */
  readonly readsBeforeWrites: number;
  readonly writes: number;
  /** Reads of long-running operations' status monitors. */
  readonly statusPolls: number;
  /** Other reads once writing began: az's reads of each result and waits; vaultlink's lists of written collections. */
  readonly resourceReads: number;
}

export interface AzPeerFigures {
  readonly azVersion: string;
  readonly azRequests: number;
  readonly azMs: number;
  readonly azKinds: RequestKinds;
  readonly vaultlinkRequests: number;
  readonly vaultlinkMs: number;
  readonly vaultlinkKinds: RequestKinds;
  /** Resource types whose counts differ after the two runs: empty when both made the same setup. */
  readonly differences: readonly string[];
}

/** ARM's own requests: not the sandbox's token endpoint or cloud metadata. */
const isArm = (entry: LogEntry) =>
  !entry.path.startsWith("/_sandbox/") && !entry.path.startsWith("/metadata/");

function requestKinds(log: readonly LogEntry[]): RequestKinds {
  const firstWrite = log.findIndex((e) => WRITES.has(e.method));
  const after = firstWrite === -1 ? [] : log.slice(firstWrite);
  const isPoll = (e: LogEntry) => /\/operations\/|OperationStatuses\/|operationResults\//i.test(e.path);
  return {
    readsBeforeWrites: firstWrite === -1 ? log.length : firstWrite,
    writes: after.filter((e) => WRITES.has(e.method)).length,
    statusPolls: after.filter((e) => !WRITES.has(e.method) && isPoll(e)).length,
    resourceReads: after.filter((e) => !WRITES.has(e.method) && !isPoll(e)).length,
  };
}

/**
 * How many resources of each type under each resource group the sandbox holds (names left out: the script names
 * links and the NSG rule its own way, and the sandbox names NICs at random): the same counts after both runs say
 * both made the same setup.
 */
function resourceCounts(sandbox: RunningSandbox): Map<string, number> {
  const counts = new Map<string, number>();
  const ids = new Set(
    JSON.stringify(sandbox.snapshot())
      .match(/"id":"\/subscriptions\/[^"]+"/g)
      ?.map((m) => m.slice(6, -1).toLowerCase()) ?? [],
  );
  for (const id of ids) {
    const [, , , , group, , namespace, ...rest] = id.split("/");
    if (namespace === undefined) continue;
    const key = `${group}: ${namespace}/${rest.filter((_, i) => i % 2 === 0).join("/")}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** "rg: type az-count vs vaultlink-count" for every type whose counts differ. */
function differences(az: Map<string, number>, vaultlink: Map<string, number>): string[] {
  return [...new Set([...az.keys(), ...vaultlink.keys()])]
    .filter((key) => az.get(key) !== vaultlink.get(key))
    .map((key) => `${key} ${az.get(key) ?? 0} (az) vs ${vaultlink.get(key) ?? 0} (vaultlink)`);
}

/** Undefined when az is not installed (Debian: apt-get install azure-cli). */
export async function benchAzPeer(): Promise<AzPeerFigures | undefined> {
  let azVersion: string;
  try {
    // Asked of az's own Python: a first run of az looks its version up on GitHub.
    azVersion = (
      await run("/usr/bin/python3", ["-c", "from azure.cli.core import __version__; print(__version__)"])
    ).stdout.trim();
    await run("sh", ["-c", "command -v az"]);
  } catch {
    return undefined;
  }
  const latency = parseLatencyProfile(LATENCY);
  const configDir = await mkdtemp(join(tmpdir(), "vaultlink-bench-az-"));
  const certificate = await generateLoopbackCertificate();
  const azSandbox = await startSandbox({
    latency,
    seed: "bench",
    tls: { cert: certificate.cert, key: certificate.key },
  });
  let azMs: number;
  let azLog: LogEntry[];
  let azCounts: Map<string, number>;
  try {
    // A record of a version check, so az asks nothing of GitHub (azure.cli.core.util handle_version_update).
    await writeFile(
      join(configDir, "versionCheck.json"),
      JSON.stringify({
        versions: {
          "azure-cli": { local: azVersion, pypi: azVersion },
          core: { local: azVersion, pypi: azVersion },
        },
        update_time: new Date().toISOString().replace("T", " ").replace("Z", "000"),
      }),
    );
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: configDir,
      AZURE_CONFIG_DIR: configDir,
      REQUESTS_CA_BUNDLE: certificate.certFile,
      MSI_ENDPOINT: `${azSandbox.url}${MANAGED_IDENTITY_PATH}`,
      AZURE_CORE_COLLECT_TELEMETRY: "no",
      AZURE_CORE_NO_COLOR: "true",
      AZURE_CORE_ONLY_SHOW_ERRORS: "true",
    };
    const az = (...args: string[]) => run("az", [...args, "--output", "none"], { env });
    await az(
      "cloud",
      "register",
      "--name",
      "VaultlinkSandbox",
      "--endpoint-resource-manager",
      `${azSandbox.url}/`,
    );
    await az("cloud", "set", "--name", "VaultlinkSandbox");
    await az("login", "--identity");

    const before = azSandbox.requestLog().length;
    const started = performance.now();
    await run("sh", [SCRIPT], { env, timeout: 900_000 }).catch((error: { stderr?: string }) => {
      throw new Error(`${SCRIPT} failed: ${error.stderr ?? error}`);
    });
    azMs = performance.now() - started;
    azLog = azSandbox.requestLog().slice(before).filter(isArm);
    azCounts = resourceCounts(azSandbox);
  } finally {
    await azSandbox.close();
    await rm(configDir, { recursive: true, force: true });
  }

  const sandbox = await startSandbox({ latency, seed: "bench" });
  try {
    const started = performance.now();
    await run(process.execPath, ["bin/vaultlink", "apply", PLAN, "--yes", "--sandbox", sandbox.url], {
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 600_000,
    });
    const vaultlinkMs = performance.now() - started;
    const vaultlinkLog = sandbox.requestLog().filter(isArm);
    return {
      azVersion,
      azRequests: azLog.length,
      azMs,
      azKinds: requestKinds(azLog),
      vaultlinkRequests: vaultlinkLog.length,
      vaultlinkMs,
      vaultlinkKinds: requestKinds(vaultlinkLog),
      differences: differences(azCounts, resourceCounts(sandbox)),
    };
  } finally {
    await sandbox.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchAzPeer());
