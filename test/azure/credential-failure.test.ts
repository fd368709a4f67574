import { AuthenticationError, CredentialUnavailableError } from "@azure/identity";
import { describe, expect, test } from "vitest";
import { signInFailure } from "../../src/azure/credential-failure.js";
import { ExitCode, UserError } from "../../src/core/user-error.js";

// The errors are the SDK's own classes, built as @azure/identity 4.14.1 builds them; the messages are the ones its
// credentials give on a machine with nothing to sign in with (seen running them in an empty environment).
const nothingToSignInWith = [
  {
    source: "environment" as const,
    error: new CredentialUnavailableError(
      "EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
    ),
  },
  {
    source: "managedIdentity" as const,
    error: new CredentialUnavailableError("Attempted to use the IMDS endpoint, but it is not available."),
  },
  {
    source: "azureCli" as const,
    error: new CredentialUnavailableError(
      "Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
    ),
  },
];

describe("signInFailure", () => {
  test("with nothing to sign in with, lists every credential tried and why, then the next steps; exit 2", () => {
    const failure = signInFailure(nothingToSignInWith, { cloud: "AzureCloud", tenantId: undefined });

    expect(failure).toBeInstanceOf(UserError);
    expect(failure.exitCode).toBe(ExitCode.badInput);
    expect(failure.message).toBe(
      [
        "No credential could sign in to Azure (AzureCloud).",
        "Tried:",
        "  - environment variables: EnvironmentCredential is unavailable. No underlying credential could be used.",
        "  - managed identity: Attempted to use the IMDS endpoint, but it is not available.",
        "  - Azure CLI: Azure CLI could not be found.",
      ].join("\n"),
    );
    expect(failure.hint).toBe(
      "sign in with `az login`; or use --device-code on a machine without a browser; or try the demo tenant with --sandbox.",
    );
  });

  test("a tenant Entra ID rejects (AuthenticationError) is told apart, names --tenant and the code's page", () => {
    const rejected = new AuthenticationError(400, {
      error: "invalid_request",
      error_description:
        "AADSTS90002: Tenant 'contoso.example' not found. Check to make sure you have the correct tenant ID.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333",
    });
    const failure = signInFailure([{ source: "environment", error: rejected }], {
      cloud: "AzureCloud",
      tenantId: "contoso.example",
    });

    expect(failure.message).toBe(
      [
        "Microsoft Entra ID refused the sign-in to Azure (AzureCloud, tenant contoso.example).",
        "Tried:",
        "  - environment variables: invalid_request: AADSTS90002: Tenant 'contoso.example' not found. Check to make sure you have the correct tenant ID.",
      ].join("\n"),
    );
    expect(failure.hint).toContain("check that --tenant contoso.example is a tenant your account belongs to");
    expect(failure.hint).toContain("https://login.microsoftonline.com/error?code=90002");
    expect(failure.hint).toContain("`az login --tenant contoso.example`");
    expect(failure.message).not.toContain("Trace ID");
  });

  test("the Azure CLI's refusal (an unavailable credential quoting AADSTS) counts as a refusal too", () => {
    const cliRefusal = new CredentialUnavailableError(
      "ERROR: AADSTS50020: User account 'alice@fabrikam.example' from identity provider does not exist in tenant 'Contoso'.\nInteractive authentication is needed.",
    );
    const failure = signInFailure(
      [...nothingToSignInWith.slice(0, 2), { source: "azureCli", error: cliRefusal }],
      { cloud: "AzureUSGovernment", tenantId: "8f3c2a1b-0000-4000-8000-000000000001" },
    );

    expect(failure.message.split("\n")[0]).toBe(
      "Microsoft Entra ID refused the sign-in to Azure (AzureUSGovernment, tenant 8f3c2a1b-0000-4000-8000-000000000001).",
    );
    expect(failure.message).toContain(
      "  - Azure CLI: ERROR: AADSTS50020: User account 'alice@fabrikam.example' from identity provider does not exist in tenant 'Contoso'.",
    );
    expect(failure.message).not.toContain("Interactive authentication");
    expect(failure.hint).toContain("https://login.microsoftonline.com/error?code=50020");
  });

  test("a failed device code sign-in suggests running it again, not az login", () => {
    const failure = signInFailure(
      [{ source: "deviceCode", error: new CredentialUnavailableError("Device code expired.") }],
      { cloud: "AzureChinaCloud", tenantId: undefined },
    );

    expect(failure.message).toContain("  - device code: Device code expired.");
    expect(failure.hint).toBe(
      "run again with --device-code and finish the sign-in in the browser; or try the demo tenant with --sandbox.",
    );
  });
});
