import { sortFindings } from "../../core/findings.js";
import type { NamePrediction, PredictedAnswer } from "../../core/resolution/predict-resolution.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { type ResolutionReport, resolvePlan } from "../../engine/resolution/resolve-plan.js";
import { openAzureSession } from "../azure-session.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";
import { printFinding } from "../render/findings-lines.js";

export interface ResolveCommandOptions {
  readonly vnet?: readonly string[];
}

function describe(answer: PredictedAnswer): string {
  switch (answer.kind) {
    case "private":
      return answer.addresses.join(", ");
    case "public":
      return answer.gives === "NXDOMAIN"
        ? "NXDOMAIN from public DNS (backup names have no public record)"
        : "a public address from public DNS";
    case "nxdomain":
      return "NXDOMAIN";
    case "failure":
      return `SERVFAIL: ${answer.reason}`;
    case "unknown":
      return `unknown: ${answer.reason}`;
  }
}

const MARK: Readonly<Record<NamePrediction["verdict"], { mark: string; style: "green" | "red" | "yellow" }>> =
  {
    ok: { mark: "✓", style: "green" },
    wrong: { mark: "✗", style: "red" },
    unknown: { mark: "?", style: "yellow" },
  };

function printReport(out: Printer, planPath: string, report: ResolutionReport): void {
  out.line(
    out.style("bold", `What each VNet resolves for ${planPath}'s names (predicted from ARM; no query sent)`),
  );
  for (const vnet of report.virtualNetworks) {
    out.line();
    out.line(`${out.style("bold", vnet.name)}  DNS: ${vnet.dnsServers}`);
    // The names that resolve as they should are counted; the others are shown with their path and fix.
    const ok = vnet.names.filter((n) => n.verdict === "ok").length;
    out.line(
      `  ${out.style(ok === vnet.names.length ? "green" : "yellow", `${ok} of ${vnet.names.length} names resolve to the endpoints' private addresses`)}`,
    );
    for (const name of vnet.names.filter((n) => n.verdict !== "ok")) {
      const { mark, style } = MARK[name.verdict];
      out.line(
        `  ${out.style(style, mark)} ${name.name}: ${describe(name.answer)}, expected ${name.expected.join(", ")}`,
      );
      out.line(`      path: ${name.path.join("; ")}`);
      if (name.fix !== undefined) out.line(`      fix: ${name.fix}`);
    }
  }
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
