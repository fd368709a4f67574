import { parseResourceId } from "../core/arm-id.js";
import type { BackupVault } from "../core/inventory.js";
import { armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { requiredField } from "./required-field.js";

/**
 * The Backup vaults of a subscription (BackupVaults_GetInSubscription, Microsoft.DataProtection 2024-04-01:
 * `GET /subscriptions/{id}/providers/Microsoft.DataProtection/backupVaults`), listed only so a user whose vault is
 * "missing" from the wizard learns it is a Backup vault, which takes no backup private endpoints.
 *
 * No official SDK package for Microsoft.DataProtection is available to this project, so this one list is sent
 * through the pipeline of an official client (@azure/arm-resources): the same credential, retries, logging and
 * answer checks as every other call. Only `id`, `name` and `location` of each vault are read.
 */
const API_VERSION = "2024-04-01";

interface ArmList {
  readonly value?: readonly { readonly id?: string; readonly name?: string; readonly location?: string }[];
  readonly nextLink?: string;
}

/** A Backup vault of an ARM list or a Resource Graph row: only its id, name and location are read. */
export function toBackupVault(raw: { id?: string; name?: string; location?: string }): BackupVault {
  const id = requiredField(raw.id, "id", "a Backup vault");
  const parsed = parseResourceId(id);
  return {
    id,
    name: requiredField(raw.name, "name", "a Backup vault"),
    location: raw.location ?? "",
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.kind === "resource" ? (parsed.resourceGroup ?? "") : "",
  };
}

/** Each page of the list, following `nextLink`; a refusal is raised as the SDK raises it (a RestError). */
async function* pagesOf(
  clients: AzureClients,
  subscriptionId: string,
): AsyncGenerator<ArmList["value"] & {}> {
  const { createPipelineRequest, createDefaultHttpClient, RestError } = await import(
    "@azure/core-rest-pipeline"
  );
  const client = await clients.resources(subscriptionId);
  const http = createDefaultHttpClient();
  let url: string | undefined =
    `${clients.armEndpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.DataProtection/backupVaults?api-version=${API_VERSION}`;
  while (url !== undefined) {
    // Plain http only ever reaches a sandbox on a loopback address (client-factory.ts refuses any other).
    const request = createPipelineRequest({
      url,
      method: "GET",
      allowInsecureConnection: clients.armEndpoint.startsWith("http:"),
    });
    const response = await client.pipeline.sendRequest(http, request);
    let body: unknown;
    try {
      const text = response.bodyAsText ?? "";
      body = text === "" ? {} : JSON.parse(text);
    } catch {
      throw new RestError(`The answer to ${request.method} is not JSON.`, {
        code: RestError.PARSE_ERROR,
        statusCode: response.status,
        request,
        response,
      });
    }
    if (response.status !== 200) {
      const error = new RestError(`HTTP ${response.status}`, {
        statusCode: response.status,
        request,
        response,
      });
      error.details = body;
      throw error;
    }
    const list = body as ArmList;
    yield list.value ?? [];
    url = list.nextLink === undefined || list.nextLink === "" ? undefined : list.nextLink;
  }
}

export function listBackupVaults(
  clients: AzureClients,
  subscriptionId: string,
): AsyncIterable<readonly BackupVault[]> {
  return armPages(
    { verb: "list the Backup vaults of", kind: "subscription", id: `/subscriptions/${subscriptionId}` },
    (async function* () {
      for await (const page of pagesOf(clients, subscriptionId)) yield [...page];
    })(),
    toBackupVault,
  );
}
