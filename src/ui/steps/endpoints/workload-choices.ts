import type { Workload } from "../../../core/plan/plan-schema.js";
import { MIN_DPM_VERSION, MIN_MABS_MAJOR_VERSION } from "../../../core/rules/workloads.js";

/** The workloads the wizard offers, by the words its list uses. */
export type WorkloadChoice = "sql" | "hana" | "mars" | "dpm" | "mabs" | "azureVm" | "azureFiles";

/**
 * Each workload with what it means for the endpoints, in a few words that fit an 80-column row (seed, "Recommended
 * and supported scenarios"; MABS how-to for 10 + n). The review shows the full findings with their sources.
 */
export const WORKLOAD_CHOICES: readonly { readonly value: WorkloadChoice; readonly label: string }[] = [
  { value: "sql", label: "SQL Server in Azure VMs · endpoint; Entra ID 443 outbound" },
  { value: "hana", label: "SAP HANA in Azure VMs · endpoint; Entra ID 443 outbound" },
  { value: "mars", label: "MARS agent · endpoint; Entra ID 443, MARS update URL" },
  { value: "dpm", label: `DPM ${MIN_DPM_VERSION} or later · endpoint; 10 + n IPs, n data sources` },
  { value: "mabs", label: `MABS v${MIN_MABS_MAJOR_VERSION} or later · endpoint; 10 + n IPs, n data sources` },
  { value: "azureVm", label: "Azure VMs · no endpoint; file recovery only from endpoint VNets" },
  { value: "azureFiles", label: "Azure Files · no endpoint needed" },
];

/** The backup servers among the choices: each is asked for the data sources it protects. */
export const SERVER_CHOICES: ReadonlySet<WorkloadChoice> = new Set(["dpm", "mabs"]);

/** The plan's workload for each choice, given the data sources told for a server (0 when not told). */
const WORKLOAD_OF: Readonly<Record<WorkloadChoice, (dataSources: number) => Workload>> = {
  sql: () => ({ kind: "sqlServerInAzureVm" }),
  hana: () => ({ kind: "sapHanaInAzureVm" }),
  mars: () => ({ kind: "marsAgent" }),
  dpm: (dataSources) => ({ kind: "dpm", version: MIN_DPM_VERSION, dataSources }),
  mabs: (dataSources) => ({ kind: "mabs", majorVersion: MIN_MABS_MAJOR_VERSION, dataSources }),
  azureVm: () => ({ kind: "azureVm" }),
  azureFiles: () => ({ kind: "azureFiles" }),
};

/** The plan's workloads for the choices, in the list's order, with each chosen server's data sources. */
export function workloadsOf(
  choices: readonly WorkloadChoice[],
  dataSources: Readonly<Partial<Record<WorkloadChoice, number>>>,
): Workload[] {
  return WORKLOAD_CHOICES.filter((c) => choices.includes(c.value)).map(({ value }) =>
    WORKLOAD_OF[value](dataSources[value] ?? 0),
  );
}

/** The list's choices for workloads answered before (going back keeps them). */
export function choicesOf(workloads: readonly Workload[]): WorkloadChoice[] {
  const byKind: Record<Workload["kind"], WorkloadChoice> = {
    sqlServerInAzureVm: "sql",
    sapHanaInAzureVm: "hana",
    marsAgent: "mars",
    dpm: "dpm",
    mabs: "mabs",
    azureVm: "azureVm",
    azureFiles: "azureFiles",
  };
  return workloads.map((w) => byKind[w.kind]);
}

/** `n` as typed for a server's data sources: a whole number from 0, or why not. */
export function parseDataSources(text: string): { readonly n: number } | { readonly problem: string } {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed))
    return { problem: `"${text}" is not a whole number of data sources (0 or more, e.g. 25).` };
  return { n: Number(trimmed) };
}
