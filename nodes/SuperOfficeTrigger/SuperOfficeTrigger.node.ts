import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { handleDelivery } from './delivery';
import { triggerProperties } from './properties';
import { createWebhook, deleteWebhook, webhookExists } from './registration';
import { nodeCredentials } from '../shared/credentials/nodeCredentials';
import { getChatTopics } from '../shared/methods/chatTopics';

/**
 * Starts a workflow from SuperOffice's chat webhooks: registers a webhook at SuperOffice when the
 * workflow is activated (registration.ts), checks the signature of every call and filters the
 * events (delivery.ts), removes the webhook when the workflow is deactivated.
 */
export class SuperOfficeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SuperOffice Trigger',
		name: 'superOfficeTrigger',
		icon: {
			light: 'file:../../icons/superoffice.svg',
			dark: 'file:../../icons/superoffice.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when SuperOffice chat sessions are created, change or get a message (webhook)',
		defaults: { name: 'SuperOffice Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: nodeCredentials(),
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	/** The Topic IDs filter's pick list: the topics of the credential's user. */
	methods = { loadOptions: { getChatTopics } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
