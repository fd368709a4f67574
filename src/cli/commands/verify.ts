import { ExitCode, UserError } from "../../core/user-error.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { verifyPlanAt } from "../../engine/verify.js";
import type { CheckStatus } from "../../engine/verify-checks.js";
import { openAzureSession } from "../azure-session.js";
import type { CommandContext } from "../program.js";

export interface VerifyCommandOptions {
  readonly dnsServer?: string;
  readonly hostsFile?: string;
}

const MARKS: Record<CheckStatus, { readonly mark: string; readonly style: "green" | "red" | "yellow" }> = {
  pass: { mark: "✓ pass   ", style: "green" },
  fail: { mark: "✗ fail   ", style: "red" },
  unknown: { mark: "? unknown", style: "yellow" },
};

/** `vaultlink verify PLAN`: the checks of ARM and DNS, as a table; exit 0 only when every check passes. */
export async function runVerify(
  context: CommandContext,
  planPath: string,
  options: VerifyCommandOptions,
): Promise<void> {
  const { out } = context;
  const plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options, {
    inputCloud: plan.cloud,
    stderr: context.io.stderr,
    env: context.io.env,
  });
  try {
    if (options.dnsServer === undefined && context.options.target.kind === "sandboxUrl") {
      // The sandbox's names exist only in its own DNS server; asking the machine's resolver would send them out.
      throw new UserError("verify against a sandbox URL needs the sandbox's DNS server.", {
        hint: "Give --dns-server 127.0.0.1:PORT with the DNS port `vaultlink sandbox` printed when it started.",
      });
    }
    // The built-in sandbox answers DNS as Azure's resolver does in a linked VNet: verify resolves through it.
    const verification = await verifyPlanAt(session.adapter, plan, planPath, {
      dnsServer: options.dnsServer ?? session.dnsServer,
      hostsFile: options.hostsFile,
    });
    const { checks, counts: summary } = verification;
    if (context.options.output === "json") {
      out.json({
        plan: planPath,
        target: session.description,
        dnsServer: verification.resolvedVia,
        verdict: verification.verdict,
        summary,
        checks,
        ...(verification.nextStep === undefined ? {} : { nextStep: verification.nextStep }),
      });
    } else {
      out.line(
        out.style(
          "bold",
          `Verification of ${planPath} against ${session.description}, names resolved via ${verification.resolvedVia}`,
        ),
      );
      out.line();
      for (const check of checks) {
        const { mark, style } = MARKS[check.status];
        out.line(`${out.style(style, mark)} ${check.title}: ${check.detail}`);
        if (check.status !== "pass" && check.fix !== undefined) out.line(`            fix: ${check.fix}`);
      }
      out.line();
      out.line(`Checks: ${summary.pass} pass, ${summary.fail} fail, ${summary.unknown} unknown.`);
      if (verification.nextStep !== undefined) out.line(`Next: ${verification.nextStep}`);
    }
    if (verification.verdict !== "pass") {
      throw new UserError(
        `Verification did not pass: ${summary.fail} failed, ${summary.unknown} could not be checked.`,
        { hint: "Each check above says what to do.", exitCode: ExitCode.failure },
      );
    }
  } finally {
    await session.close();
  }
}
