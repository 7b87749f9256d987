import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeTrigger } from '../../nodes/SuperOfficeTrigger/SuperOfficeTrigger.node';
import { TriggerHarness } from '../harness';
import type { TriggerHarnessOptions } from '../harness';
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { sandboxCredential } from './support';

const TYPE = 'n8n-nodes-superoffice.superOfficeTrigger';

/**
 * A listening SuperOffice Trigger with the sandbox's Basic credential: `chatsession.changed`, no
 * filters and no options unless `parameters` say otherwise. The caller closes it (`harnesses`).
 */
export async function sandboxTrigger(
	webClientUrl: string,
	harnesses: TriggerHarness[],
	parameters: Record<string, unknown> = {},
	options: Partial<TriggerHarnessOptions> = {},
): Promise<TriggerHarness> {
	const h = new TriggerHarness({
		type: TYPE,
		nodeType: new SuperOfficeTrigger(),
		credentialTypes: [new SuperOfficeApi()],
		credentials: {
			superOfficeApi: {
				id: '1',
				name: 'SuperOffice sandbox',
				data: sandboxCredential(webClientUrl),
			},
		},
		parameters: {
			authentication: 'superOfficeApi',
			events: ['chatsession.changed'],
			filters: {},
			options: {},
			...parameters,
		},
		...options,
	});
	harnesses.push(h);
	await h.listen();
	return h;
}

/**
 * The file's sandbox for trigger tests, with the webhook side as SuperOffice's (no hooks, http
 * allowed, valid signatures, fast retries) before each test, plus what `prepare` adds; and the
 * file's harnesses, closed after each test once the deliveries settled.
 */
export function useTriggerSandbox(prepare?: (sandbox: Sandbox) => void): {
	sandbox: Sandbox;
	harnesses: TriggerHarness[];
} {
	const harnesses: TriggerHarness[] = [];
	const sandbox = useSandbox((sb) => {
		sb.webhooks.clear();
		sb.webhooks.configure({
			httpsRequired: false,
			webhookRights: true,
			signatureMode: 'valid',
			retryDelaysMs: [10, 20],
			timeoutMs: 10_000,
			timestampOffsetMs: 0,
			bodyFormat: 'json',
		});
		prepare?.(sb);
	});
	afterEach(async () => {
		await sandbox.webhooks.settled(5000);
		await Promise.all(harnesses.splice(0).map(async (h) => await h.close()));
	});
	return { sandbox, harnesses };
}
