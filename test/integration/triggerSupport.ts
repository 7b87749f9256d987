import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeTrigger } from '../../nodes/SuperOfficeTrigger/SuperOfficeTrigger.node';
import { TriggerHarness } from '../harness';
import type { TriggerHarnessOptions } from '../harness';
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
