import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { AzureAdapter } from "../../azure/adapter.js";
import { renderHostsBlock } from "../../core/dns/hosts-block.js";
import { applyHostsBlock } from "../../core/dns/hosts-file-edit.js";
import { unifiedDiff } from "../../core/dns/line-diff.js";
import type { DnsRecordSet } from "../../core/dns/record-set.js";
import { type Finding, sortFindings } from "../../core/findings.js";
import type { Plan } from "../../core/plan/plan-schema.js";
import { ExitCode } from "../../core/user-error.js";
import { heldInHostsBlock, heldRecordsIn } from "../../engine/artefact-records.js";
import { fileError, writeFileAtomically } from "../../engine/atomic-write.js";
import { desiredStateOf } from "../../engine/desired-state.js";
import {
  type ArtefactFile,
  forwardersOfPlan,
  type ReadyDnsRecords,
  readLiveDnsRecords,
  recordArtefactFileNames,
  renderForwarderArtefact,
  renderRecordArtefacts,
  requireReady,
} from "../../engine/dns-artefacts.js";
import { type DnsArtefactFormat, isRecordFormat } from "../../engine/dns-formats.js";
import { type RecordChange, readZoneHoldings, recordChanges } from "../../engine/dns-resync.js";
import { directoryLockPath, type HeldLock, withFileLock } from "../../engine/file-lock.js";
import { editHostsFile, type HostsFileOutcome, readHostsFile } from "../../engine/hosts-file.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { openAzureSession } from "../azure-session.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";
import { type CheckTarget, type DnsCommandOptions, dnsRequestOf } from "./dns-request.js";

export type { DnsCommandOptions } from "./dns-request.js";

/** Runs reads through one session on the command's target (Azure, or a sandbox: one tenant for all the reads). */
async function withAdapter<T>(
  context: CommandContext,
  read: (adapter: AzureAdapter) => Promise<T>,
): Promise<T> {
  const session = await openAzureSession(context.options);
  try {
    return await read(session.adapter);
  } finally {
    await session.close();
  }
}

/** Zone findings go to stderr, so stdout stays the artefact itself. */
function printFindings(err: Printer, findings: readonly Finding[]): void {
  for (const finding of sortFindings(findings)) {
    err.line(`${err.style("yellow", "Warning:")} [${finding.code}] ${finding.message}`);
    err.line(`  fix: ${finding.fix}`);
  }
}

async function render(
  format: DnsArtefactFormat,
  plan: Plan,
  set: DnsRecordSet | undefined,
  options: DnsCommandOptions,
  directory: string | undefined,
): Promise<ArtefactFile[]> {
  if (!isRecordFormat(format))
    return [renderForwarderArtefact(format, forwardersOfPlan(plan, options.forwardTo))];
  if (set === undefined) throw new Error(`render ${format}: no records were read`);
  const zoneDirectory = options.zoneDirectory ?? (directory === undefined ? undefined : resolve(directory));
  // BIND serials only go up: the files being replaced give the previous serials, the clock today's date.
  const previous = new Map<string, string>();
  for (const name of directory === undefined ? [] : recordArtefactFileNames(format, set)) {
    const text = await readIfPresent(join(directory ?? "", name));
    if (text !== undefined) previous.set(name, text);
  }
  return renderRecordArtefacts(format, set, {
    ...(zoneDirectory === undefined ? {} : { zoneDirectory }),
    today: new Date(),
    previous,
  });
}

/** Reads a file, or undefined when it does not exist (a file an earlier run did not write yet). */
async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileError("read", path, error);
  }
}

/**
 * Writes the files that differ from what DIR holds (atomically, each), or with `dryRun` prints their diffs.
 * Returns the paths written (or that would be). Writing holds DIR's lock, so two runs into one DIR take turns and
 * each leaves a whole set of files, never a mix of both.
 */
async function writeFiles(
  out: Printer,
  directory: string,
  files: readonly ArtefactFile[],
  dryRun: boolean,
): Promise<string[]> {
  const compareAndWrite = async (lock?: HeldLock): Promise<string[]> => {
    const changed: string[] = [];
    for (const file of files) {
      const path = join(directory, file.fileName);
      const before = await readIfPresent(path);
      if (before === file.text) continue;
      changed.push(path);
      if (lock === undefined)
        out.line(unifiedDiff(before === undefined ? [] : before.split("\n"), file.text.split("\n"), path));
      else {
        lock.assertHeld();
        await writeFileAtomically(path, file.text);
      }
    }
    return changed;
  };
  if (dryRun) return compareAndWrite();
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw fileError("write", directory, error);
  }
  return withFileLock(directory, directoryLockPath(directory), compareAndWrite);
}

/** Edits this vault's block in a hosts file (with dryRun, prints the diff instead). */
async function editHosts(
  context: CommandContext,
  path: string,
  set: DnsRecordSet,
  dryRun: boolean,
): Promise<HostsFileOutcome> {
  const outcome = await editHostsFile(
    path,
    (text, file) => applyHostsBlock(text, renderHostsBlock(set), set.vaultId, file),
    dryRun,
  );
  if (outcome.changed && dryRun) context.out.line(outcome.diff.trimEnd());
  return outcome;
}

/** "Updated …; the previous file is in …", with how it was written when that is worth knowing. */
function updatedHostsLine(outcome: HostsFileOutcome): string {
  const how = outcome.inPlace
    ? " (written in place: replacing it would not have kept the same file, a mount point, a hard-linked file or one whose owner only root could give it)"
    : "";
  return `Updated this vault's block in ${outcome.described}${how}; the previous file is in ${outcome.backup}.`;
}

function describeTarget(target: CheckTarget, plan: Plan): string {
  switch (target.kind) {
    case "zones":
      return `the private DNS zones in ${desiredStateOf(plan).zoneResourceGroupId ?? ""}`;
    case "files":
      return `the ${target.format} files in ${target.directory}`;
    case "hostsFile":
      return `the hosts file ${target.path}`;
  }
}

interface CheckOutcome {
  readonly changes: readonly RecordChange[];
  readonly notes: readonly string[];
}

async function compare(
  adapter: AzureAdapter,
  target: CheckTarget,
  live: ReadyDnsRecords,
): Promise<CheckOutcome> {
  const { set } = live;
  switch (target.kind) {
    case "zones": {
      const { held, missingZones } = await readZoneHoldings(adapter, set, live.zonesInGroup);
      return {
        changes: recordChanges(set, "zones", held, "sharedZone"),
        notes: missingZones.map((zone) => `zone ${zone} does not exist in the plan's zone resource group`),
      };
    }
    case "hostsFile":
      return {
        changes: recordChanges(
          set,
          "hosts",
          heldInHostsBlock(await readHostsFile(target.path), set.vaultId),
          "vaultOnly",
        ),
        notes: [],
      };
    case "files": {
      const names = recordArtefactFileNames(target.format, set);
      const files = new Map<string, string>();
      for (const name of names) {
        const text = await readIfPresent(join(target.directory, name));
        if (text !== undefined) files.set(name, text);
      }
      const absent = names.filter((name) => !files.has(name));
      return {
        changes: recordChanges(
          set,
          target.format,
          heldRecordsIn(target.format, files, set.vaultId),
          "vaultOnly",
        ),
        notes: absent.map((name) => `${join(target.directory, name)} does not exist`),
      };
    }
  }
}

function printChanges(out: Printer, changes: readonly RecordChange[]): void {
  for (const change of changes) {
    switch (change.kind) {
      case "new":
        out.line(`${out.style("green", "+ new    ")} ${change.fqdn}  ${change.addresses.join(", ")}`);
        break;
      case "changed":
        out.line(
          `${out.style("yellow", "~ changed")} ${change.fqdn}  ${change.addresses.join(", ")}  (${change.held.join() === change.addresses.join() ? "not under every name clients ask for" : `holds ${change.held.join(", ")}`})`,
        );
        break;
      case "stale":
        out.line(
          `${out.style("red", "- stale  ")} ${change.name}  ${change.held.join(", ")}  (no endpoint lists it)`,
        );
        break;
    }
  }
}

/**
 * `--check`: what the endpoints list today against what the zones, the files or the hosts file hold. Exit 4
 * (dnsOutOfDate) when something is to be added, changed or removed, unless `--write` brought it up to date.
 */
async function runCheck(
  context: CommandContext,
  planPath: string,
  plan: Plan,
  request: Extract<ReturnType<typeof dnsRequestOf>, { kind: "check" }>,
  options: DnsCommandOptions,
): Promise<ExitCode> {
  const { out, err } = context;
  const json = context.options.output === "json";
  const { live, changes, notes } = await withAdapter(context, async (adapter) => {
    const found = await readLiveDnsRecords(adapter, plan);
    if (!json) printFindings(err, found.zoneFindings);
    const live = requireReady(found, planPath);
    return { live, ...(await compare(adapter, request.target, live)) };
  });
  const target = describeTarget(request.target, plan);
  let written: string[] = [];
  let hostsOutcome: HostsFileOutcome | undefined;
  if (changes.length > 0 && request.write) {
    if (request.target.kind === "hostsFile") {
      hostsOutcome = await editHosts(context, request.target.path, live.set, request.dryRun);
      written = hostsOutcome.changed ? [request.target.path] : [];
    } else if (request.target.kind === "files") {
      const { format, directory } = request.target;
      written = await writeFiles(
        out,
        directory,
        await render(format, plan, live.set, options, directory),
        request.dryRun,
      );
    }
  }
  const upToDate = changes.length === 0 || (request.write && !request.dryRun);
  if (json) {
    out.json({
      plan: planPath,
      target,
      upToDate: changes.length === 0,
      changes,
      notes,
      findings: live.zoneFindings,
      ...(request.write
        ? { written: request.dryRun ? [] : written, wouldWrite: request.dryRun ? written : [] }
        : {}),
    });
    return upToDate ? ExitCode.ok : ExitCode.dnsOutOfDate;
  }
  const records = live.set.zones.reduce((sum, zone) => sum + zone.records.length, 0);
  for (const note of notes) err.line(`${err.style("dim", "Note:")} ${note}`);
  if (changes.length === 0) {
    out.line(
      `Up to date: ${target} hold${request.target.kind === "zones" || request.target.kind === "files" ? "" : "s"} the ${records} records the endpoints list.`,
    );
    return ExitCode.ok;
  }
  out.line(
    `${out.style("bold", `${changes.length} record${changes.length > 1 ? "s" : ""} out of date`)} in ${target}:`,
  );
  printChanges(out, changes);
  if (request.write) {
    if (request.dryRun)
      out.line(
        `Dry run: ${written.length} file${written.length === 1 ? "" : "s"} would be written; nothing was. Run again without --dry-run to write.`,
      );
    else if (hostsOutcome?.changed === true) out.line(updatedHostsLine(hostsOutcome));
    else out.line(`Updated ${written.join(", ")}.`);
  } else if (request.target.kind === "zones") {
    out.line(
      "The endpoints' private DNS zone groups add these records by themselves; when they stay missing, check the zone groups (`vaultlink apply PLAN --dry-run`) or, with zoneGroups: policyManaged, the Azure Policy that should create them.",
    );
  } else {
    const how =
      request.target.kind === "hostsFile"
        ? `--write ${request.target.path}`
        : `--out ${request.target.directory} --write`;
    out.line(
      `Run \`vaultlink dns ${planPath} --check ${how}\` to update, then load the change into your DNS.`,
    );
  }
  return upToDate ? ExitCode.ok : ExitCode.dnsOutOfDate;
}

/**
 * `vaultlink dns PLAN`: the DNS artefacts the plan's endpoints need today (read from their customDnsConfigs),
 * printed, written into --out DIR, or edited into a hosts file; with --check, what DNS lacks (exit 4).
 */
export async function runDns(
  context: CommandContext,
  planPath: string,
  options: DnsCommandOptions,
): Promise<ExitCode> {
  const { out, err } = context;
  const json = context.options.output === "json";
  const plan = await readPlanFile(planPath);
  const request = dnsRequestOf(plan, options, desiredStateOf(plan).zoneResourceGroupId !== undefined);
  if (request.kind === "check") return runCheck(context, planPath, plan, request, options);

  const format: DnsArtefactFormat = request.kind === "editHosts" ? "hosts" : request.format;
  const found = isRecordFormat(format)
    ? await withAdapter(context, (adapter) => readLiveDnsRecords(adapter, plan))
    : undefined;
  if (!json && found !== undefined) printFindings(err, found.zoneFindings);
  const live = found === undefined ? undefined : requireReady(found, planPath);
  const findings = live?.zoneFindings ?? [];

  switch (request.kind) {
    case "editHosts": {
      if (live === undefined) throw new Error("editHosts: no records were read");
      const outcome = await editHosts(context, request.path, live.set, request.dryRun);
      const { changed } = outcome;
      if (json)
        out.json({
          plan: planPath,
          hostsFile: request.path,
          file: outcome.file,
          changed,
          dryRun: request.dryRun,
          ...(changed && !request.dryRun ? { backup: outcome.backup, inPlace: outcome.inPlace } : {}),
          findings,
        });
      else if (!changed) out.line(`${outcome.described} already holds this vault's block; nothing written.`);
      else if (request.dryRun) out.line("Dry run: nothing was written.");
      else out.line(updatedHostsLine(outcome));
      return ExitCode.ok;
    }
    case "writeFiles": {
      const files = await render(format, plan, live?.set, options, request.directory);
      const written = await writeFiles(out, request.directory, files, request.dryRun);
      if (json)
        out.json({
          plan: planPath,
          format,
          directory: request.directory,
          written,
          dryRun: request.dryRun,
          findings,
        });
      else if (request.dryRun)
        out.line(
          `Dry run: ${written.length} file${written.length === 1 ? "" : "s"} would be written; nothing was.`,
        );
      else if (written.length === 0)
        out.line(`${request.directory} already holds these ${format} files; nothing written.`);
      else for (const path of written) out.line(`Wrote ${path}`);
      return ExitCode.ok;
    }
    case "print": {
      const files = await render(format, plan, live?.set, options, undefined);
      if (json) {
        out.json({ plan: planPath, format, files, findings });
        return ExitCode.ok;
      }
      files.forEach((file, index) => {
        if (files.length > 1) {
          if (index > 0) context.io.stdout.write("\n");
          context.io.stdout.write(
            `${file.fileName.endsWith(".zone") ? ";" : "//"} ==> ${file.fileName} <==\n`,
          );
        }
        context.io.stdout.write(file.text);
      });
      return ExitCode.ok;
    }
  }
}
