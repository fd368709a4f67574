import { isBlocked } from "../../core/findings.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { writeFileAtomically } from "../../engine/atomic-write.js";
import { armTemplateOf } from "../../engine/export-arm.js";
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
}

/**
 * `vaultlink export PLAN --format arm`: reads the tenant as a dry run does (the template holds what apply would
 * create today, with the same names and the same NSG priority), then writes the template. What it cannot express
 * goes to stderr (and the template's metadata), so a pipeline that deploys it knows what is left to do.
 */
export async function runExport(
  context: CommandContext,
  planPath: string,
  options: ExportCommandOptions,
): Promise<void> {
  const { out, err } = context;
  const plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options);
  let text: string;
  let notExpressed: ReturnType<typeof armTemplateOf>["notExpressed"];
  let resources: number;
  try {
    const preview = await previewPlan(session.adapter, plan, { refresh: options.refresh === true });
    if (preview.kind === "stale") {
      err.line(`${planPath} is stale: what it relied on changed since it was planned.`);
      printDrift(err, preview.drift);
      throw new UserError("Nothing exported: the plan is stale.", {
        hint: `Review the changes above, then export against today's state with \`vaultlink export ${planPath} --format arm --refresh\`.`,
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
    const exported = armTemplateOf(plan, preview.actions, version);
    text = `${JSON.stringify(exported.template, null, 2)}\n`;
    notExpressed = exported.notExpressed;
    resources = exported.template.resources.reduce(
      (sum, deployment) => sum + deployment.properties.template.resources.length,
      0,
    );
  } finally {
    await session.close();
  }

  if (options.out === undefined) out.line(text.trimEnd());
  else {
    await writeFileAtomically(options.out, text);
    out.line(`Wrote ${options.out}: ${resources} resource${resources === 1 ? "" : "s"} to create.`);
    out.line(
      `  deploy: az deployment group create --resource-group <any group you may deploy to> --template-file ${options.out}`,
    );
  }
  if (resources === 0)
    err.line("Azure already holds every resource the plan creates: the template deploys nothing.");
  if (notExpressed.length > 0) {
    err.line(out.style("bold", "Not in the template (do these yourself after deploying):"));
    for (const item of notExpressed) {
      err.line(`  - ${item.what}`);
      err.line(`    ${item.why}`);
      err.line(`    ${item.instead}`);
    }
  }
}
