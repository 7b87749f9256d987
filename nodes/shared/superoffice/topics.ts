/**
 * The triggers' Topic IDs field and how its value is read, once for both triggers (the
 * SuperOffice Trigger's filter and the Idle Chat Trigger's topics).
 */
import type { INodeProperties } from 'n8n-workflow';

import { parsePositiveInt32 } from '../input/values';

/**
 * Topic IDs: a multi-select of the topics the credential's user may work with ("Name (id)"),
 * which also takes an expression (a list of ids, one id, or "2, 3").
 */
export const topicIdsProperty: INodeProperties = {
	displayName: 'Topic Names or IDs',
	name: 'topicIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getChatTopics' },
	default: [],
	description:
		'Only sessions of these chat topics (channels); none means all topics. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** One entry of the field's value: a number, or text holding ids separated by , ; or spaces. */
function partsOf(entry: unknown): unknown[] {
	if (typeof entry === 'string') return entry.split(/[\s,;]+/).filter((part) => part !== '');
	if (entry === undefined || entry === null) return [];
	return [entry];
}

/**
 * The Topic IDs as sorted distinct ids; none = all topics. Whatever a workflow saved or an
 * expression gives: the multi-select's list ([2, 3]), the former text field ("2, 3", "2;3",
 * "2 3"), one number (7), or a list of texts (["2", "3, 4"]). 0 is the id of no topic and
 * is left out (the former fields' "all topics"); anything else that is no id is refused by name.
 */
export function parseTopicIds(value: unknown): number[] {
	const entries = Array.isArray(value) ? value : [value];
	const ids = new Set<number>();
	for (const part of entries.flatMap(partsOf)) {
		if (part === 0 || part === '0') continue;
		ids.add(parsePositiveInt32(part, 'Topic IDs'));
	}
	return [...ids].sort((a, b) => a - b);
}
