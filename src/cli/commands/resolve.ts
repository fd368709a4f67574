import { sortFindings } from "../../core/findings.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { type ResolutionReport, resolvePlan } from "../../engine/resolution/resolve-plan.js";
import { openAzureSession } from "../azure-session.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";
import { printFinding } from "../render/findings-lines.js";
import { printPredictions } from "../render/resolution-lines.js";

export interface ResolveCommandOptions {
  readonly vnet?: readonly string[];
}

function printReport(out: Printer, planPath: string, report: ResolutionReport): void {
  out.line(
    out.style("bold", `What each VNet resolves for ${planPath}'s names (predicted from ARM; no query sent)`),
  );
  printPredictions(out, report.virtualNetworks);
  if (report.findings.length > 0) {
    out.line();
    out.line(out.style("bold", "Findings"));
    for (const finding of sortFindings(report.findings)) printFinding(out, finding, "  ");
  }
}

/**
 * `vaultlink resolve PLAN [--vnet ID]…`: per workload VNet, what each name clients ask resolves to, the path the
 * query takes and the fix; exit 0 only when every prediction is the endpoint's private address.
 */
export async function runResolve(
  context: CommandContext,
  planPath: string,
  options: ResolveCommandOptions,
): Promise<void> {
  const plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options, {
    inputCloud: plan.cloud,
    stderr: context.io.stderr,
    env: context.io.env,
  });
  let report: ResolutionReport;
  try {
    report = await resolvePlan(session.adapter, plan, planPath, options.vnet ?? []);
  } finally {
    await session.close();
  }
  if (context.options.output === "json") context.out.json({ plan: planPath, ...report });
  else printReport(context.out, planPath, report);
  const names = report.virtualNetworks.flatMap((v) => v.names);
  const wrong = names.filter((n) => n.verdict !== "ok").length;
  if (wrong > 0) {
    throw new UserError(
      `${wrong} of ${names.length} predicted answers are not the endpoints' private addresses.`,
      {
        hint: "Each line above gives the path and the fix; `vaultlink verify PLAN --dns-server IP` checks the real answer.",
        exitCode: ExitCode.failure,
      },
    );
  }
}
