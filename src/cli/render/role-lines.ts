import type { NeededRole } from "../../engine/write-permissions.js";
import type { Printer } from "../output.js";

/**
 * What the writes need, said before any is made: one line per role assignment, the ARM actions it covers under it.
 * vaultlink cannot see the caller's assignments beforehand; ARM checks each at write time and a refusal names the
 * same role (azure/arm-errors.ts).
 */
export function printNeededRoles(out: Printer, needed: readonly NeededRole[]): void {
  if (needed.length === 0) return;
  out.line();
  out.line(out.style("bold", "Permissions these writes need (ARM checks each when it is made)"));
  for (const role of needed) {
    out.line(`  ${role.roles.join(" or ")} on ${role.assignAtLabel}`);
    out.line(out.style("dim", `    ${role.assignAt}`));
    out.line(out.style("dim", `    for ${role.actions.join(", ")}`));
  }
}
