import { parseResourceId } from "../../core/arm-id.js";
import type { Plan } from "../../core/plan/plan-schema.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { applyPlan } from "../../engine/apply.js";
import { stillRunningText } from "../../engine/operations-in-progress.js";
import { pendingApprovals } from "../../engine/pending-approvals.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { openAzureSession } from "../azure-session.js";
import type { CommandContext } from "../program.js";
import { suggestedCommand } from "../suggested-command.js";
import { createApplyView } from "../views/apply-view.js";
import { confirm } from "./apply.js";

export interface ApproveCommandOptions {
  readonly yes?: boolean;
  readonly reject?: boolean;
}

/**
 * `vaultlink approve PLAN`: for the vault's owner. Lists the plan's manual connections still Pending, approves (or
 * rejects) them after a confirmation, waits until each is done, then finishes what waited for them (public access
 * Deny) through the same path as `vaultlink apply`, and says what is next.
 */
export async function runApprove(
  context: CommandContext,
  planPath: string,
  options: ApproveCommandOptions,
): Promise<ExitCode> {
  const { out, err } = context;
  const plan: Plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options, {
    inputCloud: plan.cloud,
    stderr: context.io.stderr,
    env: context.io.env,
  });
  try {
    const vaultName = parseResourceId(plan.vault.id).name;
    const pending = await pendingApprovals(session.adapter, plan);
    if (pending.length === 0) {
      out.line(`No connection of ${planPath} waits for approval on vault ${vaultName}.`);
      out.line(`Next: ${suggestedCommand(context.options, ["verify", planPath])}`);
      return ExitCode.ok;
    }
    const verb = options.reject === true ? "Reject" : "Approve";
    out.line(
      `${pending.length} connection${pending.length === 1 ? "" : "s"} of ${planPath} wait for the owner of vault ${vaultName}:`,
    );
    for (const approval of pending) {
      out.line(`  ${approval.endpointName}`);
      out.line(out.style("dim", `    asked by private endpoint ${approval.endpointId}`));
      out.line(out.style("dim", `    connection ${approval.connectionId}`));
    }
    if (
      options.yes !== true &&
      !(await confirm(
        context,
        `${verb} ${pending.length === 1 ? "it" : `these ${pending.length}`} on vault ${vaultName}?`,
      ))
    )
      throw new UserError(`${verb} cancelled; nothing was changed.`, { exitCode: ExitCode.failure });
    for (const approval of pending) {
      const name = approval.connectionId.split("/").at(-1) ?? approval.connectionId;
      await session.adapter.approvePrivateEndpointConnection(approval.vaultId, name, {
        status: options.reject === true ? "Rejected" : "Approved",
        description: `${verb}d with vaultlink approve ${planPath}`,
      });
      out.line(
        `${out.style("green", "✓")} ${approval.endpointName}: ${options.reject === true ? "rejected" : "approved"}`,
      );
    }
    if (options.reject === true) {
      err.line("Rejected connections carry no traffic; the plan's waiting changes stay waiting.");
      return ExitCode.ok;
    }
    // What waited for these approvals (public access Deny) is finished the way apply does it: read, check, write.
    const view = createApplyView(context, { planPath, target: session.description, dryRun: false });
    const result = await applyPlan(session.adapter, plan, {
      refresh: false,
      confirm: async () => true,
      onEvent: (event) => {
        if (event.type !== "previewed") view.onEvent(event);
      },
    });
    await view.finish(result, []);
    if (result.kind === "stale" || result.kind === "blocked")
      throw new UserError(
        `Approved, but the rest of the plan ${result.kind === "stale" ? "is stale" : "is blocked"}; nothing else was written.`,
        {
          hint: `See why with \`${suggestedCommand(context.options, ["apply", planPath, "--dry-run"])}\`.`,
          exitCode: ExitCode.blockedByFinding,
        },
      );
    if (result.kind === "inProgress")
      throw new UserError(
        `Approved; the rest of the plan was not applied. ${stillRunningText(result.still)}`,
        {
          hint: `Run \`${suggestedCommand(context.options, ["apply", planPath])}\` once they have ended: it finishes what waited for the approval.`,
          exitCode: ExitCode.operationInProgress,
        },
      );
    out.line(
      `Next: ${suggestedCommand(context.options, ["dns", planPath])} (custom DNS or hosts files), then ${suggestedCommand(context.options, ["verify", planPath])}`,
    );
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
