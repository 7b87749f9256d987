import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { chatSessionDescription, chatSessionOperations } from './resources/chatSession';
import { superOfficeApiTest } from './shared/credentialTest';
import { getUsers } from './shared/loadOptions';
import { runItems } from './shared/items';
import type { LocaleOptions } from './shared/localeHeaders';
import type { Operation } from './shared/operation';
import { SuperOfficeClient } from './shared/transport';

const operationsByResource: Record<string, Record<string, Operation>> = {
	chatSession: chatSessionOperations,
};

export class SuperOffice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SuperOffice',
		name: 'superOffice',
		icon: { light: 'file:../../icons/superoffice.svg', dark: 'file:../../icons/superoffice.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Work with SuperOffice CRM chat sessions: find them, post messages, and hand chatbot sessions over to a human agent',
		defaults: { name: 'SuperOffice' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'superOfficeApi', required: true, testedBy: 'superOfficeApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Chat Session', value: 'chatSession' }],
				default: 'chatSession',
			},
			...chatSessionDescription,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Culture',
						name: 'culture',
						type: 'string',
						default: '',
						placeholder: 'e.g. en',
						description:
							'Number and date formatting inside texts (SO-Culture), as an ISO language code. Overrides the credential. Ignored by SuperOffice when no language is set.',
					},
					{
						displayName: 'Language',
						name: 'language',
						type: 'string',
						default: '',
						placeholder: 'e.g. en',
						description:
							'Language of translated texts and list values, as an ISO 639-1 code (sent as Accept-Language and SO-Language). Overrides the credential. Use * to switch translation off.',
					},
					{
						displayName: 'Time Zone',
						name: 'timeZone',
						type: 'string',
						default: '',
						placeholder: 'e.g. UTC or NO',
						description:
							'SuperOffice time-zone code that dates are converted to (SO-TimeZone), e.g. UTC, NO, US-NY. Append ", includeTZOffset" to get offsets in dates. Overrides the credential.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { superOfficeApiTest },
		loadOptions: { getUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = operationsByResource[resource]?.[operationName];
		if (!operation) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operationName}" is not known for resource "${resource}"`,
			);
		}

		// The credential is read once per execution; a broken credential fails each item
		// the same way, so Continue On Fail still accounts for every item.
		const client = SuperOfficeClient.create(this);
		client.catch(() => undefined);

		const output = await runItems(
			this,
			items.length,
			async (itemIndex) => {
				const locale = this.getNodeParameter('options', itemIndex, {}) as LocaleOptions;
				return await operation.execute.call(this, { itemIndex, client: await client, locale });
			},
			{ concurrency: 1 },
		);
		return [output];
	}
}
