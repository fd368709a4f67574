import type { Plan } from "../../core/plan/plan-schema.js";
import { UserError } from "../../core/user-error.js";
import {
  DNS_FORMATS,
  type DnsArtefactFormat,
  FORWARDER_FORMATS,
  type ForwarderFormat,
  isRecordFormat,
  type RecordFormat,
} from "../../engine/dns-formats.js";

/** The options of `vaultlink dns` as commander hands them over. */
export interface DnsCommandOptions {
  readonly format?: DnsArtefactFormat;
  readonly out?: string;
  /** A hosts file path, or `true` for a bare `--write` (update what --check compared). */
  readonly write?: string | true;
  readonly dryRun?: boolean;
  readonly check?: boolean;
  readonly forwardTo?: readonly string[];
  readonly zoneDirectory?: string;
}

/** What `--check` compares the endpoints' records with. */
export type CheckTarget =
  | { readonly kind: "zones" }
  | { readonly kind: "files"; readonly format: RecordFormat; readonly directory: string }
  | { readonly kind: "hostsFile"; readonly path: string };

/** One checked reading of the options: what the command does. Wrong combinations never get this far. */
export type DnsRequest =
  | { readonly kind: "print"; readonly format: DnsArtefactFormat }
  | {
      readonly kind: "writeFiles";
      readonly format: DnsArtefactFormat;
      readonly directory: string;
      readonly dryRun: boolean;
    }
  | { readonly kind: "editHosts"; readonly path: string; readonly dryRun: boolean }
  | {
      readonly kind: "check";
      readonly target: CheckTarget;
      readonly write: boolean;
      readonly dryRun: boolean;
    };

function usage(message: string, hint: string): UserError {
  return new UserError(message, { hint });
}

/** The format the plan's DNS strategy implies, when --format is not given. */
function formatOfPlan(plan: Plan): DnsArtefactFormat | undefined {
  switch (plan.dns.strategy) {
    case "hostsFile":
      return "hosts";
    case "customDns":
      // CSV is an export (`--format csv`), not a DNS server's format: an unnamed server gets the names clients ask,
      // one `ip name` per line, which most DNS servers import.
      return plan.dns.serverKind === "other" ? "hosts" : plan.dns.serverKind;
    case "conditionalForwarder":
      return plan.dns.serverKind === "other"
        ? undefined
        : plan.dns.serverKind === "azureFirewall"
          ? "forwarders-firewall"
          : (`forwarders-${plan.dns.serverKind}` as ForwarderFormat);
    case "privateZones":
      return undefined;
  }
}

function requireFormat(plan: Plan, options: DnsCommandOptions): DnsArtefactFormat {
  const format = options.format ?? (typeof options.write === "string" ? "hosts" : formatOfPlan(plan));
  if (format === undefined) {
    throw usage(
      `The plan's DNS strategy (${plan.dns.strategy}) does not say which artefact to generate.`,
      `Give --format: ${DNS_FORMATS.join(", ")}.${plan.dns.strategy === "privateZones" ? " To compare the plan's private DNS zones with the endpoints, use --check." : ""}`,
    );
  }
  return format;
}

function checkTarget(plan: Plan, options: DnsCommandOptions, hasZones: boolean): CheckTarget {
  if (typeof options.write === "string") return { kind: "hostsFile", path: options.write };
  if (options.out !== undefined) {
    const format = requireFormat(plan, options);
    if (!isRecordFormat(format)) {
      throw usage(
        `--check compares records, and ${format} holds zone names to forward, not records.`,
        "Forwarders change only when the plan does: generate them again with --out DIR.",
      );
    }
    return { kind: "files", format, directory: options.out };
  }
  if (options.format === undefined && hasZones) return { kind: "zones" };
  throw usage(
    "--check needs something to compare the endpoints with.",
    hasZones
      ? "Leave out --format to compare the plan's private DNS zones, or give --out DIR (generated files) or --write PATH (a hosts file)."
      : "Give --out DIR where the generated files are (with --format), or --write PATH for a hosts file.",
  );
}

/**
 * Reads the command's options into one request, refusing combinations that mean nothing (each with the combination
 * that does). `hasZones` says whether the plan keeps records in Azure Private DNS zones.
 */
export function dnsRequestOf(plan: Plan, options: DnsCommandOptions, hasZones: boolean): DnsRequest {
  const dryRun = options.dryRun === true;
  if (typeof options.write === "string" && options.out !== undefined) {
    throw usage(
      "--write PATH edits a hosts file and --out DIR writes artefact files: give one of them.",
      "Use --out DIR --format hosts for a block to paste, or --write PATH to edit the hosts file itself.",
    );
  }
  if (typeof options.write === "string" && options.format !== undefined && options.format !== "hosts") {
    throw usage(
      `--write PATH edits a hosts file, but --format is ${options.format}.`,
      `Use --out DIR to write ${options.format} files, or --format hosts with --write PATH.`,
    );
  }
  if (options.forwardTo !== undefined && options.format !== undefined && isRecordFormat(options.format)) {
    throw usage(
      `--forward-to is for the forwarders-* formats; ${options.format} holds the records themselves.`,
      `Use --format ${FORWARDER_FORMATS.join(", ")} with --forward-to.`,
    );
  }
  if (options.check === true) {
    const target = checkTarget(plan, options, hasZones);
    if (options.write === true && target.kind === "zones") {
      throw usage(
        "--check --write updates generated files or a hosts file; vaultlink does not write records into private DNS zones.",
        "The endpoints' private DNS zone groups keep those records: `vaultlink apply PLAN` adds missing zone groups (with zoneGroups: policyManaged, your Azure Policy does).",
      );
    }
    if (dryRun && options.write === undefined) {
      throw usage(
        "--dry-run shows what --write would change; --check alone writes nothing anyway.",
        "Add --write, or leave out --dry-run.",
      );
    }
    return { kind: "check", target, write: options.write !== undefined, dryRun };
  }
  if (options.write === true) {
    throw usage(
      "--write without a path updates what --check compared, and needs --check.",
      "Give the hosts file to edit (--write /etc/hosts), or use --check --out DIR --write to update generated files.",
    );
  }
  if (typeof options.write === "string") return { kind: "editHosts", path: options.write, dryRun };
  const format = requireFormat(plan, options);
  if (options.out !== undefined) return { kind: "writeFiles", format, directory: options.out, dryRun };
  if (dryRun) {
    throw usage(
      "--dry-run shows what --write PATH or --out DIR would change; neither is given.",
      "Add --out DIR or --write PATH.",
    );
  }
  return { kind: "print", format };
}
