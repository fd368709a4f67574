import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isBlocked } from "../../core/findings.js";
import { shellWord } from "../../core/shell-quote.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import type { Action } from "../../engine/action.js";
import { fileError, writeFileAtomically } from "../../engine/atomic-write.js";
import { armTemplateOf, type NotExpressed } from "../../engine/export-arm.js";
import {
  deploymentStacksOf,
  STACK_ACTION_ON_UNMANAGE,
  STACK_DENY_SETTINGS,
  type StackExport,
} from "../../engine/export-stack.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { previewPlan } from "../../engine/preview.js";
import { openAzureSession } from "../azure-session.js";
import type { EXPORT_FORMATS } from "../option-values.js";
import type { CommandContext } from "../program.js";
import { printDrift } from "../render/action-lines.js";
import { version } from "../version.js";

export interface ExportCommandOptions {
  readonly format: (typeof EXPORT_FORMATS)[number];
  readonly out?: string;
  readonly refresh?: boolean;
  readonly all?: boolean;
}

/** The manifest `--format stack` writes beside the stacks' files: what to deploy, in which order, and how. */
export const STACKS_MANIFEST = "stacks.json";

/**
 * The `az stack sub create` line for one exported stack: the flags carry what its files cannot (the stack's deny
 * settings and what becomes of resources it no longer manages).
 * https://learn.microsoft.com/cli/azure/stack/sub#az-stack-sub-create
 */
export function azStackCommand(stack: StackExport, templateFile: string, parametersFile: string): string {
  return [
    "az stack sub create",
    `--name ${shellWord(stack.name)}`,
    `--subscription ${stack.subscriptionId}`,
    `--location ${stack.location}`,
    `--template-file ${shellWord(templateFile)}`,
    `--parameters ${shellWord(parametersFile)}`,
    `--deny-settings-mode ${STACK_DENY_SETTINGS.mode}`,
    "--action-on-unmanage detachAll",
    "--yes",
  ].join(" ");
}

/** The actions an export writes from: a dry run's, refused when stale or blocked (apply would write nothing). */
async function exportableActions(
  context: CommandContext,
  planPath: string,
  options: ExportCommandOptions,
): Promise<{ plan: Awaited<ReturnType<typeof readPlanFile>>; actions: readonly Action[] }> {
  const { err } = context;
  const plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options);
  try {
    const preview = await previewPlan(session.adapter, plan, { refresh: options.refresh === true });
    if (preview.kind === "stale") {
      err.line(`${planPath} is stale: what it relied on changed since it was planned.`);
      printDrift(err, preview.drift);
      throw new UserError("Nothing exported: the plan is stale.", {
        hint: `Review the changes above, then export against today's state with \`vaultlink export ${planPath} --format ${options.format} --refresh\`.`,
        exitCode: ExitCode.blockedByFinding,
      });
    }
    const blocked = preview.actions.filter((a) => a.kind === "blocked");
    if (blocked.length > 0 || isBlocked(preview.findings)) {
      throw new UserError(
        `Nothing exported: ${blocked.length > 0 ? `${blocked.length} action(s) are blocked` : "a prerequisite finding blocks the plan"}.`,
        {
          hint: `\`vaultlink apply ${planPath} --dry-run\` shows each blocked action and finding with its fix.`,
          exitCode: ExitCode.blockedByFinding,
        },
      );
    }
    return { plan, actions: preview.actions };
  } finally {
    await session.close();
  }
}

function printNotExpressed(context: CommandContext, notExpressed: readonly NotExpressed[]): void {
  const { err, out } = context;
  if (notExpressed.length === 0) return;
  err.line(out.style("bold", "Not in the template (do these yourself after deploying):"));
  for (const item of notExpressed) {
    err.line(`  - ${item.what}`);
    err.line(`    ${item.why}`);
    err.line(`    ${item.instead}`);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * `vaultlink export PLAN --format arm|stack`: reads the tenant as a dry run does (the template holds what apply
 * would create today, with the same names and the same NSG priority; with `--all`, the whole setup the plan
 * describes), then writes an ARM template, or one deployment stack per subscription. What a template cannot
 * express goes to stderr (and the template's metadata), so a pipeline that deploys it knows what is left to do.
 */
export async function runExport(
  context: CommandContext,
  planPath: string,
  options: ExportCommandOptions,
): Promise<void> {
  if (options.format === "stack" && options.out === undefined)
    throw new UserError(
      "`--format stack` writes several files (a template and parameters per subscription).",
      {
        hint: `Give a folder for them: \`vaultlink export ${planPath} --format stack --out stacks/\`.`,
      },
    );
  const { plan, actions } = await exportableActions(context, planPath, options);
  const all = options.all === true;
  const what = all ? "(the whole setup)" : "to create";
  if (options.format === "stack") {
    await writeStacks(context, deploymentStacksOf(plan, actions, version, { all }), options.out ?? "", what);
    return;
  }
  const { out, err } = context;
  const exported = armTemplateOf(plan, actions, version, { all });
  const text = `${JSON.stringify(exported.template, null, 2)}\n`;
  const resources = exported.template.resources.reduce(
    (sum, deployment) => sum + deployment.properties.template.resources.length,
    0,
  );
  if (options.out === undefined) out.line(text.trimEnd());
  else {
    await writeFileAtomically(options.out, text);
    out.line(`Wrote ${options.out}: ${plural(resources, "resource")} ${what}.`);
    out.line(
      `  deploy: az deployment group create --resource-group <any group you may deploy to> --template-file ${shellWord(options.out)}`,
    );
  }
  if (resources === 0)
    err.line(
      "Azure already holds every resource the plan creates: the template deploys nothing (`--all` exports the whole setup).",
    );
  printNotExpressed(context, exported.notExpressed);
}

async function writeStacks(
  context: CommandContext,
  exported: ReturnType<typeof deploymentStacksOf>,
  directory: string,
  what: string,
): Promise<void> {
  const { out, err } = context;
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw fileError("write", directory, error);
  }
  const manifest = [];
  for (const stack of exported.stacks) {
    const base = `${stack.order}-${stack.subscriptionId}`;
    const templateFile = join(directory, `${base}.template.json`);
    const parametersFile = join(directory, `${base}.parameters.json`);
    await writeFileAtomically(templateFile, `${JSON.stringify(stack.template, null, 2)}\n`);
    await writeFileAtomically(parametersFile, `${JSON.stringify(stack.parameters, null, 2)}\n`);
    manifest.push({
      order: stack.order,
      name: stack.name,
      subscriptionId: stack.subscriptionId,
      location: stack.location,
      templateFile: `${base}.template.json`,
      parametersFile: `${base}.parameters.json`,
      denySettings: STACK_DENY_SETTINGS,
      actionOnUnmanage: STACK_ACTION_ON_UNMANAGE,
      resources: stack.resourceIds,
      command: azStackCommand(stack, templateFile, parametersFile),
    });
  }
  await writeFileAtomically(
    join(directory, STACKS_MANIFEST),
    `${JSON.stringify({ stacks: manifest, notExpressed: exported.notExpressed }, null, 2)}\n`,
  );
  const resources = manifest.reduce((sum, stack) => sum + stack.resources.length, 0);
  out.line(
    `Wrote ${directory}: ${plural(manifest.length, "deployment stack")}, ${plural(resources, "resource")} ${what}, deny settings denyDelete.`,
  );
  if (manifest.length > 1)
    out.line("Deploy them in this order (a later stack uses what an earlier one creates):");
  for (const stack of manifest) out.line(`  ${stack.command}`);
  if (resources === 0)
    err.line(
      "Azure already holds every resource the plan creates: there is no stack to deploy (`--all` exports the whole setup).",
    );
  printNotExpressed(context, exported.notExpressed);
}
