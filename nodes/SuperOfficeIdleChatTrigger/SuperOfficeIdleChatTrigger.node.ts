import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { credentialTypeOf } from '../shared/credentials/credentialTypes';
import { authenticationProperty, nodeCredentials } from '../shared/credentials/nodeCredentials';
import { concurrencyOf, optionsProperty, requestSettingsOf } from '../shared/execution/nodeOptions';
import type { RawOptions } from '../shared/execution/nodeOptions';
import { InvalidInputError } from '../shared/input/invalidInput';
import { getChatTopics } from '../shared/methods/chatTopics';
import { topicIdsProperty } from '../shared/superoffice/topics';
import { SuperOfficeClient } from '../shared/client';
import { RequestLimiter } from '../shared/transport/limiter';
import { readActiveSessions } from './idleCandidates';
import { newlyIdle, parseIdleMinutes, parseTopicIds, sameData, settingsKey } from './idleSessions';
import type { IdleMemory, IdleSettings } from './idleSessions';

/** Where the node keeps what it emitted, in the workflow's static data of this node. */
const MEMORY_KEY = 'idleChatSessions';

/** At most this many ids in the warning; the count is always whole. */
const MAX_IDS_NAMED = 20;

/** One warning naming how many active sessions were skipped as unreadable (403), and which. */
function warnUnreadable(context: IPollFunctions, ids: number[]): void {
	const named = ids.slice(0, MAX_IDS_NAMED).join(', ') + (ids.length > MAX_IDS_NAMED ? ', …' : '');
	const sessions = ids.length === 1 ? 'session' : 'sessions';
	context.logger.warn(
		`SuperOffice Idle Chat Trigger skipped ${ids.length} active chat ${sessions} it may not read (HTTP 403): ${named}`,
		{
			node: context.getNode().name,
			workflowId: context.getWorkflow().id,
			chatSessionIds: ids.slice(0, MAX_IDS_NAMED),
		},
	);
}

export class SuperOfficeIdleChatTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SuperOffice Idle Chat Trigger',
		name: 'superOfficeIdleChatTrigger',
		icon: {
			light: 'file:../../icons/superoffice.svg',
			dark: 'file:../../icons/superoffice.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{"idle > " + $parameter["idleMinutes"] + " min" + ($parameter["botOnly"] ? ", bot in charge" : "")}}',
		description:
			'Starts the workflow when a SuperOffice chat session has been idle for a number of minutes, e.g. to hand a stuck chatbot conversation to a human',
		defaults: { name: 'SuperOffice Idle Chat Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: nodeCredentials(),
		properties: [
			authenticationProperty(),
			{
				displayName: 'Idle Minutes',
				name: 'idleMinutes',
				type: 'number',
				default: 3,
				typeOptions: { minValue: 0, maxValue: 10080 },
				description:
					'How long a chat session must have been idle (nothing written since its WhenIdle) before the workflow starts for it. Each idle period starts the workflow once.',
			},
			{
				displayName: 'Only When the Bot Is in Charge',
				name: 'botOnly',
				type: 'boolean',
				default: true,
				description:
					'Whether to trigger only for sessions a chatbot is answering (ChatbotIsActive); off includes sessions a human agent handles',
			},
			topicIdsProperty,
			{
				displayName:
					'Only sessions still in a conversation count (Customer Last or User Last): queued, closed and finished sessions never start the workflow. A poll costs a few requests: the IDs of the active sessions, then the sessions of your chat topics in one list. Sessions of topics the user is not a member of are read one by one.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			optionsProperty,
		],
	};

	/** The Topic IDs pick list: the topics of the credential's user. */
	methods = { loadOptions: { getChatTopics } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const credentialType = credentialTypeOf(this);
		const options = this.getNodeParameter('options', {}) as RawOptions;
		let settings: IdleSettings;
		let concurrency: number;
		try {
			settings = {
				idleMinutes: parseIdleMinutes(this.getNodeParameter('idleMinutes', 3)),
				botOnly: this.getNodeParameter('botOnly', true) !== false,
				topicIds: parseTopicIds(this.getNodeParameter('topicIds', [])),
			};
			concurrency = concurrencyOf(options);
		} catch (error) {
			const hint = error instanceof InvalidInputError ? error.hint : undefined;
			throw new NodeOperationError(this.getNode(), (error as Error).message, { description: hint });
		}
		const requestSettings = requestSettingsOf(options);
		const client = await SuperOfficeClient.forNode(this, {
			limiter: new RequestLimiter(concurrency),
		});
		const timeZone = this.getTimezone();

		const { sessions, candidates, unreadable } = await readActiveSessions(
			async (request) => await client.request(request, requestSettings),
			{
				settings,
				concurrency,
				timeZone,
			},
		);

		// Fetching a test event shows what is idle now, and changes nothing a later poll relies on.
		if (this.getMode() === 'manual') {
			if (unreadable.length > 0) warnUnreadable(this, unreadable);
			return candidates.length > 0 ? [this.helpers.returnJsonArray(candidates)] : null;
		}

		const staticData = this.getWorkflowStaticData('node');
		const credentialId = this.getNode().credentials?.[credentialType]?.id ?? '';
		const known = staticData[MEMORY_KEY] as IdleMemory | undefined;
		const { emit, memory } = newlyIdle(
			candidates,
			known,
			settingsKey(settings, `${credentialType}:${credentialId}`),
			timeZone,
			{ seen: sessions },
		);
		// Said once per new set of unreadable sessions, not at every poll.
		const warned = known?.settings === memory.settings ? (known.unreadable ?? []) : [];
		if (unreadable.length > 0) {
			memory.unreadable = unreadable;
			if (!sameData(warned, unreadable)) warnUnreadable(this, unreadable);
		}
		// n8n saves the static data after any assignment to it, even of the same value: assign only
		// what changed, so a quiet poll writes nothing to n8n's database.
		if (!sameData(staticData[MEMORY_KEY], memory))
			staticData[MEMORY_KEY] = memory as unknown as IDataObject;
		return emit.length > 0 ? [this.helpers.returnJsonArray(emit)] : null;
	}
}
