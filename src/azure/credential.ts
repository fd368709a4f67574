import {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  AzurePowerShellCredential,
  ChainedTokenCredential,
  CredentialUnavailableError,
  DeviceCodeCredential,
  EnvironmentCredential,
  type GetTokenOptions,
  ManagedIdentityCredential,
  type ManagedIdentityCredentialClientIdOptions,
  type TokenCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { CLOUD_NAMES, type Cloud, cloudFor } from "../core/clouds.js";
import { type SignInAttempt, signInFailure } from "./credential-failure.js";
import { identityOfAccessToken, type TokenIdentity } from "./credential-identity.js";
import { CHAIN_SOURCES, CREDENTIAL_SOURCE_LABELS, type CredentialSource } from "./credential-source.js";

export type { CredentialSource } from "./credential-source.js";

export interface SignInRequest {
  readonly cloud: Cloud;
  /** --tenant: a tenant id or domain; undefined lets each credential use its own default tenant. */
  readonly tenantId: string | undefined;
  /**
   * Set for --device-code: the device code flow alone, its prompt (a URL and a one-time code to type there, never
   * a token) handed to this function.
   */
  readonly deviceCodePrompt?: (message: string) => void;
}

/** A credential that has just given a token, which source it was, and whom the token speaks for. */
export interface SignedIn {
  readonly credential: TokenCredential;
  readonly source: CredentialSource;
  /** undefined when the token is not a readable JWT. */
  readonly identity: TokenIdentity | undefined;
}

/**
 * How each member of the chain is made, with the options DefaultAzureCredential gives it in @azure/identity 4.14.1
 * (defaultAzureCredentialFunctions.js): AZURE_CLIENT_ID picks a user-assigned managed identity, and the managed
 * identity credential first probes IMDS with a one-second timeout and no retries, so a machine outside Azure moves
 * on at once instead of waiting on 169.254.169.254. `sendProbeRequest` is the option DefaultAzureCredential passes
 * for that; it is untyped in the public options (the package version is pinned exactly in package.json).
 */
function chainMember(
  source: (typeof CHAIN_SOURCES)[number],
  cloud: Cloud,
  tenantId: string | undefined,
): TokenCredential {
  const common = authorityFor(cloud, process.env.AZURE_AUTHORITY_HOST);
  const tenant = tenantId === undefined ? {} : { tenantId };
  switch (source) {
    case "environment":
      return new EnvironmentCredential(common);
    case "workloadIdentity":
      return new WorkloadIdentityCredential({ ...common, ...tenant });
    case "managedIdentity": {
      const clientId = process.env.AZURE_CLIENT_ID;
      const options: ManagedIdentityCredentialClientIdOptions & { sendProbeRequest: boolean } = {
        ...common,
        ...(clientId ? { clientId } : {}),
        retryOptions: { maxRetries: 5, retryDelayInMs: 800 },
        sendProbeRequest: true,
      };
      return new ManagedIdentityCredential(options);
    }
    case "azureCli":
      return new AzureCliCredential(tenant);
    case "azurePowerShell":
      return new AzurePowerShellCredential(tenant);
    case "azureDeveloperCli":
      return new AzureDeveloperCliCredential(tenant);
  }
}

/**
 * Where the credentials get their tokens: `AZURE_AUTHORITY_HOST` when set (the Azure SDKs' own variable, which
 * pipelines and Azure Stack Hub set), else the cloud's Microsoft Entra ID. An authority that is none of the public
 * clouds' is not known to Microsoft's instance discovery (login.microsoftonline.com/common/discovery/instance), so
 * discovery is turned off for it and its own OpenID configuration is read instead
 * (https://learn.microsoft.com/javascript/api/@azure/identity/workloadidentitycredentialoptions#@azure-identity-workloadidentitycredentialoptions-disableinstancediscovery).
 */
export function authorityFor(
  cloud: Cloud,
  fromEnvironment: string | undefined,
): { authorityHost: string; disableInstanceDiscovery?: true } {
  const host = fromEnvironment?.trim() || cloud.authorityHost;
  const known = CLOUD_NAMES.some(
    (name) => new URL(cloudFor(name).authorityHost).host.toLowerCase() === new URL(host).host.toLowerCase(),
  );
  return known ? { authorityHost: host } : { authorityHost: host, disableInstanceDiscovery: true };
}

/** A credential that could not even be made (e.g. workload identity without its variables) stays in the list. */
function unavailable(error: unknown): TokenCredential {
  const reason =
    error instanceof CredentialUnavailableError
      ? error
      : new CredentialUnavailableError(error instanceof Error ? error.message : String(error));
  return { getToken: () => Promise.reject(reason) };
}

function made(make: () => TokenCredential): TokenCredential {
  try {
    return make();
  } catch (error) {
    return unavailable(error);
  }
}

/**
 * Signs in: asks for a token for the cloud's ARM scope from the default chain (or the device code flow alone),
 * and returns the credential that gave it, for the SDK clients to use from then on (the chain is not walked again,
 * so a managed identity probe is not repeated on every token). The token itself is read for its identity claims
 * and dropped.
 * @throws UserError (exit 2) naming every credential tried and why it failed, and the next step.
 */
export async function signIn(request: SignInRequest): Promise<SignedIn> {
  const { cloud, tenantId, deviceCodePrompt } = request;
  const members: { source: CredentialSource; credential: TokenCredential }[] =
    deviceCodePrompt === undefined
      ? CHAIN_SOURCES.map((source) => ({
          source,
          credential: made(() => chainMember(source, cloud, tenantId)),
        }))
      : [
          {
            source: "deviceCode",
            credential: made(
              () =>
                new DeviceCodeCredential({
                  authorityHost: cloud.authorityHost,
                  ...(tenantId === undefined ? {} : { tenantId }),
                  userPromptCallback: (info) => deviceCodePrompt(info.message),
                }),
            ),
          },
        ];

  const attempts: SignInAttempt[] = [];
  let winner: { source: CredentialSource; credential: TokenCredential } | undefined;
  const recorded = members.map(
    (member): TokenCredential => ({
      getToken: async (scopes: string | string[], options?: GetTokenOptions) => {
        try {
          const token = await member.credential.getToken(scopes, options);
          if (token !== null) winner ??= member;
          return token;
        } catch (error) {
          attempts.push({ source: member.source, error });
          throw error;
        }
      },
    }),
  );

  let accessToken: string | undefined;
  try {
    accessToken = (await new ChainedTokenCredential(...recorded).getToken(cloud.armTokenScope))?.token;
  } catch {
    // The chain's AggregateAuthenticationError holds the same errors as `attempts`, which also knows their sources.
  }
  if (accessToken === undefined || winner === undefined) {
    throw signInFailure(attempts, { cloud: cloud.name, tenantId });
  }
  return {
    credential: winner.credential,
    source: winner.source,
    identity: identityOfAccessToken(accessToken),
  };
}

/** "Signed in as alice@contoso.com (tenant …) via Azure CLI": who, where, how; never a token. */
export function describeSignIn(signedIn: SignedIn): string {
  const { identity, source } = signedIn;
  const who =
    identity?.userName ??
    (identity?.applicationId === undefined
      ? undefined
      : `${source === "managedIdentity" ? "managed identity" : "application"} ${identity.applicationId}`);
  const tenant = identity?.tenantId === undefined ? "" : ` (tenant ${identity.tenantId})`;
  return `Signed in${who === undefined ? "" : ` as ${who}`}${tenant} via ${CREDENTIAL_SOURCE_LABELS[source]}`;
}
