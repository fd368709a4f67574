import type { Finding } from "../findings.js";
import { MAX_DATA_SOURCES, type Workload } from "../plan/plan-schema.js";
import { Source } from "./sources.js";

/** What the user protects (or will) in the vault; the wizard asks and keeps it in the plan, `vaultlink check` may be told. */
export type { Workload } from "../plan/plan-schema.js";

/** "Private endpoints are supported only with DPM 2022, Microsoft Azure Backup Server (MABS) v4, and later" (seed). */
export const MIN_DPM_VERSION = 2022;
export const MIN_MABS_MAJOR_VERSION = 4;

const LABELS: Record<Workload["kind"], string> = {
  sqlServerInAzureVm: "SQL Server in Azure VMs",
  sapHanaInAzureVm: "SAP HANA in Azure VMs",
  marsAgent: "MARS agents",
  dpm: "DPM",
  mabs: "MABS",
  azureVm: "Azure VM backup",
  azureFiles: "Azure Files backup",
};

function label(workload: Workload): string {
  if (workload.kind === "dpm") return `DPM ${workload.version}`;
  if (workload.kind === "mabs") return `MABS v${workload.majorVersion}`;
  return LABELS[workload.kind];
}

/** A plan's workloads in a few words, as `vaultlink show` lists them: `SQL Server in Azure VMs, MABS v4 (40 data sources)`. */
export function describeWorkloads(workloads: readonly Workload[] | undefined): string {
  if (workloads === undefined) return "not asked";
  if (workloads.length === 0) return "none named";
  return workloads
    .map((w) =>
      (w.kind === "dpm" || w.kind === "mabs") && w.dataSources !== undefined
        ? `${label(w)} (${w.dataSources} data source${w.dataSources === 1 ? "" : "s"})`
        : label(w),
    )
    .join(", ");
}

function unsupportedServer(workload: Workload): boolean {
  return (
    (workload.kind === "dpm" && workload.version < MIN_DPM_VERSION) ||
    (workload.kind === "mabs" && workload.majorVersion < MIN_MABS_MAJOR_VERSION)
  );
}

function usesEndpoints(workload: Workload): boolean {
  return workload.kind !== "azureVm" && workload.kind !== "azureFiles" && !unsupportedServer(workload);
}

function distinctLabels(workloads: readonly Workload[]): string {
  return [...new Set(workloads.map(label))].join(", ");
}

/**
 * The n of the MABS how-to's "10 + n free IPs" for an endpoint subnet: the data sources the plan's DPM/MABS servers
 * protect (those that can use endpoints), summed. What `checkEndpointSubnet` and drift size subnets with.
 */
export function backupServerDataSources(workloads: readonly Workload[] | undefined): number {
  return (workloads ?? [])
    .filter(usesEndpoints)
    .reduce((sum, w) => sum + (w.kind === "dpm" || w.kind === "mabs" ? (w.dataSources ?? 0) : 0), 0);
}

/**
 * Which workloads use the endpoints and which do not (seed, "Recommended and supported scenarios"), with what
 * each implies: Entra ID outbound access, the MARS auto-update URL, file recovery limited to endpoint VNets, and
 * that moving a workload to another VNet later means a new vault.
 */
export function checkWorkloads(workloads: readonly Workload[]): Finding[] {
  const findings: Finding[] = [];
  for (const workload of workloads.filter(unsupportedServer)) {
    findings.push({
      severity: "block",
      code: "backup-server-version-unsupported",
      message: `${label(workload)} cannot use Azure Backup private endpoints; they are supported only with DPM 2022, MABS v4 and later.`,
      fix: `Upgrade the server to ${workload.kind === "dpm" ? "DPM 2022" : "MABS v4"} or later before it registers with this vault.`,
      source: Source.seedScenarios,
    });
  }
  const using = workloads.filter(usesEndpoints);
  if (using.length > 0) {
    findings.push(
      {
        severity: "info",
        code: "workload-uses-endpoints",
        message: `${distinctLabels(using)} back up and restore through the private endpoints, with no Azure Backup or Storage IPs or FQDNs to allow.`,
        fix: "Put an endpoint in (or peer to) every VNet these workloads run in, and make the privatelink names resolve there.",
        source: Source.seedScenarios,
      },
      {
        severity: "info",
        code: "entra-id-outbound-needed",
        message: `The endpoints do not cover Microsoft Entra ID: ${distinctLabels(using)} still need outbound TCP 443 to it.`,
        fix: "Allow the AzureActiveDirectory service tag on 443 in the workload subnets' NSGs, or the FQDNs of Microsoft 365 endpoint sets 56 and 59 on a firewall (vaultlink's network guidance generates both).",
        source: `${Source.seedBeforeYouStart}; ${Source.seedNetworkConnections}`,
      },
      {
        severity: "info",
        code: "vnet-change-needs-new-vault",
        message:
          "Moving a protected workload to another VNet later is not supported by reconfiguring endpoints: the documented path is to stop protection and protect it again in a new vault with private endpoints.",
        fix: "Place the endpoints in the VNets the workloads will stay in.",
        source: Source.seedScenarios,
      },
    );
  }
  const agents = using.filter((w) => w.kind === "marsAgent" || w.kind === "dpm" || w.kind === "mabs");
  if (agents.length > 0) {
    findings.push({
      severity: "info",
      code: "mars-auto-update-url",
      message: `MARS, DPM and MABS servers (${distinctLabels(agents)}) update their MARS agent from download.microsoft.com/download/MARSagent/*, which the endpoints do not cover.`,
      fix: "Allow download.microsoft.com/download/MARSagent/* outbound on 443 through the proxy or firewall to keep automatic updates.",
      source: Source.seedNetworkConnections,
    });
  }
  const dataSources = backupServerDataSources(workloads);
  if (dataSources > 0) {
    findings.push({
      severity: "info",
      code: "backup-server-subnet-sizing",
      message: `DPM/MABS protecting ${dataSources} data source${dataSources === 1 ? "" : "s"}: an endpoint subnet needs 10 + ${dataSources} = ${10 + dataSources} free addresses for one endpoint, not 10.`,
      fix: "Pick subnets with that room (the wizard's subnet list and the dry run count it); a /25 free is Microsoft's general advice.",
      source: Source.mabsHowTo,
    });
  }
  const without = workloads.filter((w) => w.kind === "azureVm" || w.kind === "azureFiles");
  if (without.length > 0) {
    findings.push({
      severity: "info",
      code: "workload-needs-no-endpoints",
      message: `${distinctLabels(without)} ${new Set(without.map(label)).size === 1 ? "does" : "do"} not need private endpoints: VM disk backup needs no IPs or FQDNs allowed, and Azure Files backups stay in the file share's storage account.`,
      fix: "Nothing to do for these; the same vault can protect them.",
      source: Source.seedScenarios,
    });
  }
  if (workloads.some((w) => w.kind === "azureVm")) {
    findings.push({
      severity: "info",
      code: "vm-file-recovery-restricted",
      message:
        "File recovery from Azure VM backups in a vault with private endpoints works only from VNets that contain an endpoint of the vault.",
      fix: "Run file recovery from a machine in a VNet with an endpoint (or add one there). With unmanaged disks behind a storage ACL, allow trusted Microsoft services on that storage account.",
      source: Source.seedScenarios,
    });
  }
  return findings;
}

/** `vaultlink check --workload` spellings; DPM and MABS carry their version (`dpm:2022`, `mabs:4`). */
export const WORKLOAD_WORDS = [
  "sql",
  "hana",
  "mars",
  "dpm:YEAR[:SOURCES]",
  "mabs:MAJOR[:SOURCES]",
  "azure-vm",
  "azure-files",
] as const;

const SIMPLE_WORDS: Readonly<Record<string, Workload>> = {
  sql: { kind: "sqlServerInAzureVm" },
  hana: { kind: "sapHanaInAzureVm" },
  mars: { kind: "marsAgent" },
  "azure-vm": { kind: "azureVm" },
  "azure-files": { kind: "azureFiles" },
};

/** A workload from its `--workload` word, or undefined when the word is not one (the CLI says which are). */
export function workloadOfWord(word: string): Workload | undefined {
  const lower = word.trim().toLowerCase();
  const simple = SIMPLE_WORDS[lower];
  if (simple !== undefined) return simple;
  // `dpm:2022:250`: the release, then (optionally) the data sources it protects, which size the endpoint subnet.
  const versioned = /^(dpm|mabs):v?(\d{1,4})(?::(\d{1,6}))?$/.exec(lower);
  if (versioned === null) return undefined;
  const version = Number(versioned[2]);
  const sources = versioned[3] === undefined ? {} : { dataSources: Number(versioned[3]) };
  if ((sources.dataSources ?? 0) > MAX_DATA_SOURCES) return undefined;
  return versioned[1] === "dpm"
    ? { kind: "dpm", version, ...sources }
    : { kind: "mabs", majorVersion: version, ...sources };
}
