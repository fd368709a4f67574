import type { Finding } from "../findings.js";
import type { ProviderRegistration } from "../inventory.js";
import type { Observed } from "./observed.js";
import { Source } from "./sources.js";

const NAMESPACE = "Microsoft.RecoveryServices";

export interface ProviderRegistrationFacts {
  readonly subscriptionId: string;
  /** Providers_Get of Microsoft.RecoveryServices in that subscription. */
  readonly registration: Observed<ProviderRegistration>;
}

function registerCommand(subscriptionId: string): string {
  return `az provider register --namespace ${NAMESPACE} --subscription ${subscriptionId}`;
}

/**
 * A backup private endpoint is a Microsoft.RecoveryServices connection made from the endpoint's subscription: ARM
 * refuses it where the provider is not registered (MissingSubscriptionRegistration). Checked for the vault's
 * subscription and each subscription a plan puts an endpoint in.
 */
export function checkProviderRegistration(facts: ProviderRegistrationFacts): Finding[] {
  const { subscriptionId, registration } = facts;
  const subject = `/subscriptions/${subscriptionId}`;
  if (registration.kind === "unknown") {
    return [
      {
        severity: "warn",
        code: "provider-registration-unknown",
        message: `Could not read whether ${NAMESPACE} is registered with subscription ${subscriptionId}: ${registration.reason}`,
        fix: `Check it with \`az provider show --namespace ${NAMESPACE} --subscription ${subscriptionId} --query registrationState\`; if it is not Registered, run \`${registerCommand(subscriptionId)}\`.`,
        source: Source.providerRegistration,
        subject,
      },
    ];
  }
  const state = registration.value.registrationState;
  if (state === "Registered") return [];
  if (state === "Registering") {
    return [
      {
        severity: "warn",
        code: "provider-registering",
        message: `${NAMESPACE} is still registering with subscription ${subscriptionId}; private endpoints to a vault cannot be made there until it is Registered.`,
        fix: `Wait until \`az provider show --namespace ${NAMESPACE} --subscription ${subscriptionId} --query registrationState\` says Registered (usually minutes), then run vaultlink again.`,
        source: Source.providerRegistration,
        subject,
      },
    ];
  }
  return [
    {
      severity: "block",
      code: "provider-not-registered",
      message: `${NAMESPACE} is ${state} in subscription ${subscriptionId}; ARM refuses a backup private endpoint there (MissingSubscriptionRegistration).`,
      fix: `Register it (needs the */register/action permission, e.g. Contributor on the subscription): \`${registerCommand(subscriptionId)} --wait\`; in PowerShell \`Register-AzResourceProvider -ProviderNamespace ${NAMESPACE}\` in that subscription. Then run vaultlink again.`,
      source: Source.providerRegistration,
      subject,
    },
  ];
}

/**
 * "You need to re-register the Recovery Services resource provider with the subscription if you registered it
 * before May 1, 2020" (concept page). ARM reports whether a provider is registered, not since when, so this is said
 * once per run, for every subscription at once, not once per vault.
 */
export function providerReregistrationNote(): Finding {
  return {
    severity: "info",
    code: "provider-registration-date-unknown",
    message: `${NAMESPACE} must be re-registered with a subscription where it was registered before 1 May 2020 before private endpoints work; ARM reports whether a provider is registered, not since when, so vaultlink cannot tell.`,
    fix: `If a subscription used Azure Backup or Site Recovery before May 2020, or you are unsure: re-register (the portal's Subscription > Resource providers > ${NAMESPACE} > Re-register, or \`az provider register --namespace ${NAMESPACE} --subscription <id>\`). Do not unregister it first: a subscription with vaults cannot unregister the provider.`,
    source: Source.seedBeforeYouStart,
  };
}
