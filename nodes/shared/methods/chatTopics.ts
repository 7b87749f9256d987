/**
 * The chat topic pick lists the nodes share: a searchable list for a resource locator
 * (Chat Topic ID, Get Many's topic filter) and options for a multi-select (the triggers' Topic
 * IDs). Both show the topics the credential's user may work with (ChatTopic/ForCurrentUser,
 * SuperOffice has no list of all topics), as "Name (id)".
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { SuperOfficeClient } from '../client';
import { chatTopicsForCurrentUser } from '../superoffice/chatTopics';

interface TopicChoice {
	id: number;
	name: string;
	description?: string;
}

function choiceOf(topic: IDataObject): TopicChoice | undefined {
	const id = Number(topic.ChatTopicId);
	if (!Number.isInteger(id) || id < 1) return undefined;
	const name =
		typeof topic.Name === 'string' && topic.Name.trim() !== '' ? topic.Name : `Topic ${id}`;
	const description =
		typeof topic.Description === 'string' && topic.Description.trim() !== ''
			? topic.Description
			: undefined;
	return { id, name, description };
}

/** The current user's topics, by name, each once. */
async function topicChoices(ctx: ILoadOptionsFunctions): Promise<TopicChoice[]> {
	const client = await SuperOfficeClient.forNode(ctx);
	const topics = await chatTopicsForCurrentUser(async (request) => await client.request(request));
	const byId = new Map<number, TopicChoice>();
	for (const topic of topics) {
		const choice = choiceOf(topic);
		if (choice && !byId.has(choice.id)) byId.set(choice.id, choice);
	}
	return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

/**
 * The searchable topic list of a resource locator: "Name (id)" whose name contains what was
 * typed (any case), or whose id is what was typed. The list is short: no paging.
 */
export async function searchChatTopics(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const search = filter?.trim().toLowerCase() ?? '';
	const choices = (await topicChoices(this)).filter(
		(choice) =>
			search === '' || choice.name.toLowerCase().includes(search) || String(choice.id) === search,
	);
	return {
		results: choices.map((choice) => ({
			name: `${choice.name} (${choice.id})`,
			value: String(choice.id),
		})),
	};
}

/** The topics as options of a multi-select (the triggers' Topic IDs): "Name (id)", value the id. */
export async function getChatTopics(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await topicChoices(this)).map((choice) => ({
		name: `${choice.name} (${choice.id})`,
		value: choice.id,
		...(choice.description ? { description: choice.description } : {}),
	}));
}
