import { signInToAzure } from "../azure-session.js";
import type { CommandContext } from "../program.js";

/**
 * `vaultlink whoami`: signs in as any command would and says as whom, in which tenant and cloud, and through which
 * credential, so a wrong account is caught before a plan is applied. Never prints a token.
 */
export async function runWhoami({ options, out, io }: CommandContext): Promise<void> {
  if (options.target.kind !== "azure") {
    const target =
      options.target.kind === "builtInSandbox"
        ? "the built-in demo tenant"
        : `the sandbox at ${options.target.url.origin}`;
    if (options.output === "json") out.json({ target: options.target.kind, signedIn: false });
    else out.line(`Working against ${target}: no sign-in (it accepts a fixed, non-secret token).`);
    return;
  }
  const { cloud, signedIn } = await signInToAzure(options, { stderr: io.stderr, env: io.env });
  // Loaded here, not at start-up: @azure/identity is for commands that reach Azure.
  const { describeSignIn } = await import("../../azure/credential.js");
  if (options.output === "json") {
    const { identity, source } = signedIn;
    out.json({
      cloud: cloud.name,
      armEndpoint: cloud.armEndpoint,
      source,
      user: identity?.userName ?? null,
      applicationId: identity?.applicationId ?? null,
      objectId: identity?.objectId ?? null,
      tenantId: identity?.tenantId ?? null,
    });
    return;
  }
  out.line(describeSignIn(signedIn));
  out.line(`Cloud: ${cloud.name} (${cloud.displayName}), Resource Manager ${cloud.armEndpoint}`);
}
