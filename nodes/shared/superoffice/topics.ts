import type { INodeProperties } from 'n8n-workflow';

/** The triggers' Topic IDs field: chat topics (channels) as comma-separated ids. */
export const topicIdsProperty: INodeProperties = {
	displayName: 'Topic IDs',
	name: 'topicIds',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2, 3',
	description:
		'Only sessions of these chat topics (channels), comma-separated; empty means all topics',
};
