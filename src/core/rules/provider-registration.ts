import type { Finding } from "../findings.js";
import type { Observed } from "./observed.js";
import { Source } from "./sources.js";

/** Registrations older than this need a re-registration before private endpoints work (seed). */
export const PROVIDER_REREGISTRATION_CUTOFF = "2020-05-01";

export interface ProviderRegistrationFacts {
  readonly subscriptionId: string;
  /**
   * When Microsoft.RecoveryServices was registered with the subscription, as an ISO date (YYYY-MM-DD…). ARM's
   * provider API reports the registration state, not its date, so the adapter usually passes unknown (an
   * activity log entry older than 90 days is gone too).
   */
  readonly registeredOn: Observed<string>;
}

const REREGISTER =
  "Re-register the provider: in the portal, Subscription > Resource providers > Microsoft.RecoveryServices > Re-register; " +
  "or run `az provider register --namespace Microsoft.RecoveryServices --subscription <id>` " +
  "(PowerShell: `Register-AzResourceProvider -ProviderNamespace Microsoft.RecoveryServices`), which registers it again. " +
  "Do not unregister it first: a subscription with vaults cannot unregister the provider.";

/** "You need to re-register the Recovery Services resource provider … if you registered it before May 1, 2020" (seed). */
export function checkProviderRegistration(facts: ProviderRegistrationFacts): Finding[] {
  const subject = `/subscriptions/${facts.subscriptionId}`;
  const { registeredOn } = facts;
  if (registeredOn.kind === "unknown") {
    return [
      {
        severity: "info",
        code: "provider-registration-date-unknown",
        message: `vaultlink cannot tell when Microsoft.RecoveryServices was registered with subscription ${facts.subscriptionId} (${registeredOn.reason}); a registration from before 1 May 2020 must be renewed before private endpoints work.`,
        fix: `If the subscription used Azure Backup or Site Recovery before May 2020, or you are unsure: ${REREGISTER}`,
        source: Source.seedBeforeYouStart,
        subject,
      },
    ];
  }
  if (registeredOn.value.slice(0, 10) >= PROVIDER_REREGISTRATION_CUTOFF) return [];
  return [
    {
      severity: "warn",
      code: "provider-registered-before-may-2020",
      message: `Microsoft.RecoveryServices was registered with subscription ${facts.subscriptionId} on ${registeredOn.value.slice(0, 10)}, before 1 May 2020; it must be re-registered before private endpoints work.`,
      fix: REREGISTER,
      source: Source.seedBeforeYouStart,
      subject,
    },
  ];
}
