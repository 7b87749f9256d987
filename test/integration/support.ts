import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { SANDBOX_DEFAULTS } from '../sandbox';

export const NODE_TYPE = 'n8n-nodes-superoffice.superOffice';

/** Every secret the sandbox accepts: no output, error or log may contain any of them. */
export const SANDBOX_SECRETS: string[] = [
	SANDBOX_DEFAULTS.password,
	SANDBOX_DEFAULTS.ticket,
	SANDBOX_DEFAULTS.bearerToken,
	SANDBOX_DEFAULTS.appToken,
];

export type Scheme = 'basic' | 'soTicket' | 'bearer';

/** Credential data for the SuperOffice API credential pointed at a sandbox. */
export function sandboxCredential(
	baseUrl: string,
	scheme: Scheme = 'basic',
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	const secrets: Record<Scheme, ICredentialDataDecryptedObject> = {
		basic: { username: SANDBOX_DEFAULTS.username, password: SANDBOX_DEFAULTS.password },
		soTicket: { ticket: SANDBOX_DEFAULTS.ticket },
		bearer: { accessToken: SANDBOX_DEFAULTS.bearerToken },
	};
	return { baseUrl, authScheme: scheme, ...secrets[scheme], ...extra };
}

export interface RunSuperOfficeOptions {
	credential: ICredentialDataDecryptedObject;
	parameters: IDataObject;
	inputItems: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** Runs one SuperOffice node through n8n-core's WorkflowExecute with real request helpers. */
export async function runSuperOffice(options: RunSuperOfficeOptions): Promise<RunWorkflowResult> {
	return await runWorkflow({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialTypes: [new SuperOfficeApi()],
		credentials: {
			superOfficeApi: { id: '1', name: 'SuperOffice sandbox', data: options.credential },
		},
		inputItems: options.inputItems,
		node: {
			type: NODE_TYPE,
			parameters: { resource: 'chatSession', operation: 'reset', ...options.parameters },
			onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		},
	});
}

export function idsAsItems(ids: unknown[]): INodeExecutionData[] {
	return ids.map((id) => ({ json: { id } as IDataObject }));
}

/** Asserts that none of the sandbox's secrets appears anywhere in the value, serialized. */
export function expectNoSecrets(value: unknown): void {
	const text = JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error
			? { ...v, message: v.message, stack: v.stack, cause: (v as { cause?: unknown }).cause }
			: v,
	);
	for (const secret of SANDBOX_SECRETS) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
}

/** What the node outputs of a session the sandbox holds: the entity without its SessionKey. */
export function asOutput<T extends object | undefined>(
	entity: T,
): Omit<NonNullable<T>, 'SessionKey'> {
	expect(entity).toHaveProperty('SessionKey', expect.any(String)); // SuperOffice sends it
	const { SessionKey: _dropped, ...output } = entity as NonNullable<T> & { SessionKey?: unknown };
	return output;
}
