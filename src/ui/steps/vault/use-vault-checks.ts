import { useEffect, useMemo, useReducer, useRef } from "react";
import type { Vault } from "../../../core/inventory.js";
import { readVaultEligibility } from "../../../engine/check-vaults.js";
import type { VaultEligibility } from "../../../engine/vault-eligibility.js";
import { errorText } from "../../error-text.js";
import type { WizardServices } from "../../wizard-services.js";
import { CheckQueue } from "./check-queue.js";

/**
 * Vaults checked at once. A check is about six ARM reads (protected items, the four kinds of registered
 * containers, the provider; more for a vault with endpoints), so 6 vaults keep ~36 reads in flight: enough to fill a
 * screen of badges in a few round trips, well inside ARM's per-subscription read bucket (250 tokens, refilled at 25
 * a second: https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling),
 * and never the tens of thousands of reads a 5,000-vault tenant would cost if every vault were checked at once.
 */
export const VAULT_CHECKS_AT_ONCE = 6;

/**
 * Badges are redrawn at most this often while checks come back: about Ink's own frame rate (30 a second), so a
 * burst of verdicts costs one render, not one each.
 */
const REDRAW_MS = 33;

/** The verdict of `vaultlink check` for one vault (readVaultEligibility), or the warning that it could not be read. */
async function checkVault(adapter: WizardServices["adapter"], vault: Vault): Promise<VaultEligibility> {
  try {
    return await readVaultEligibility(adapter, vault);
  } catch (error) {
    return {
      eligibility: "needsDecision",
      findings: [
        {
          severity: "warn",
          code: "vault-check-failed",
          message: `Could not check ${vault.name}: ${errorText(error)}`,
          fix: "Check that the signed-in identity can read the vault and its backup items.",
          source:
            "https://learn.microsoft.com/azure/backup/backup-rbac-rs-vault (the roles that read a vault)",
          subject: vault.id,
        },
      ],
    };
  }
}

export interface VaultChecks {
  /** The vault's verdict, undefined while it is waiting or being checked. */
  verdict(vault: Vault): VaultEligibility | undefined;
  /** The vaults the user sees now, the focused one first: they are checked first; others waiting are dropped. */
  want(vaults: readonly Vault[]): void;
  /** This vault next, ahead of every other waiting one (it was chosen before its check came back). */
  prioritise(vault: Vault): void;
}

/**
 * The vault step's eligibility checks, on demand: only the vaults the user sees (or chooses) are checked, at most
 * {@link VAULT_CHECKS_AT_ONCE} at a time, so a tenant of thousands of vaults costs the reads of a screenful.
 * `resetKey` names the vault list: when it changes, the checks start over.
 */
export function useVaultChecks(adapter: WizardServices["adapter"], resetKey: string): VaultChecks {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const vaults = useRef(new Map<string, Vault>());
  const redrawPending = useRef<NodeJS.Timeout | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `resetKey` stands for the list the checks belong to.
  const queue = useMemo(() => {
    vaults.current = new Map();
    return new CheckQueue<VaultEligibility>(
      VAULT_CHECKS_AT_ONCE,
      (id) => checkVault(adapter, vaults.current.get(id) as Vault),
      () => {
        if (redrawPending.current !== undefined) return;
        redrawPending.current = setTimeout(() => {
          redrawPending.current = undefined;
          redraw();
        }, REDRAW_MS);
      },
    );
  }, [adapter, resetKey]);
  useEffect(
    () => () => {
      queue.close();
      clearTimeout(redrawPending.current);
      redrawPending.current = undefined;
    },
    [queue],
  );
  return useMemo(
    () => ({
      verdict: (vault) => queue.result(vault.id),
      want: (wanted) => {
        for (const vault of wanted) vaults.current.set(vault.id, vault);
        queue.want(wanted.map((vault) => vault.id));
      },
      prioritise: (vault) => {
        vaults.current.set(vault.id, vault);
        queue.prioritise(vault.id);
      },
    }),
    [queue],
  );
}
