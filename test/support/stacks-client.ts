import { DeploymentStacksClient } from "@azure/arm-resourcesdeploymentstacks";
import { bearerTokenAuthenticationPolicyName } from "@azure/core-rest-pipeline";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";

/**
 * The real Deployment Stacks SDK client (what `az stack sub` calls, api-version 2024-03-01) pointed at a sandbox:
 * plain http on loopback, signed with the sandbox's fixed token as vaultlink's own clients are.
 */
export function deploymentStacksClient(sandboxUrl: string, subscriptionId: string): DeploymentStacksClient {
  const client = new DeploymentStacksClient(
    { getToken: () => Promise.reject(new Error("signed by the policy below")) },
    subscriptionId,
    { endpoint: sandboxUrl, allowInsecureConnection: true },
  );
  client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  client.pipeline.addPolicy(
    {
      name: "sandbox-token",
      sendRequest: (request, next) => {
        request.headers.set("Authorization", `Bearer ${SANDBOX_BEARER_TOKEN}`);
        return next(request);
      },
    },
    { phase: "Sign" },
  );
  return client;
}

/** Polling as fast as the sandbox answers: its operations finish by the clock, not by timers. */
export const FAST_POLL = { updateIntervalInMs: 5 } as const;
