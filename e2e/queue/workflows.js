'use strict';
/**
 * The workflows the queue-mode suite activates: each starts with n8n's Webhook node (answering
 * at once, "When Last Node Finishes" would tie the answer to a worker) and carries the chat
 * session id in the POST body: `{ "id": 123 }`.
 */
const crypto = require('node:crypto');
const { node, reset, superOffice, chain } = require('../workflows/nodes');

function webhook(path) {
	return node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		{ webhookId: crypto.randomUUID() },
	);
}

/** POST {id} → Chat Session Reset of that id. */
function resetByWebhook(name, path, credential) {
	return chain(name, [webhook(path), reset('Reset', '={{ $json.body.id }}', { credential })]);
}

/** POST {id, text} → Reset → Add Message `text` to the same session (not idempotent). */
function resetThenMessage(name, path, credential) {
	return chain(name, [
		webhook(path),
		reset('Reset', '={{ $json.body.id }}', { credential }),
		superOffice(
			'Add Message',
			{
				operation: 'addMessage',
				chatSessionId: "={{ $('Webhook').item.json.body.id }}",
				message: "={{ $('Webhook').item.json.body.text }}",
				author: 'Bot',
				messageType: 'ToCustomer',
				botMessage: true,
			},
			{ credential },
		),
	]);
}

/**
 * Idle Chat Trigger alone, polling as `pollTimes` says (see fastestPollTimes). Nothing after it
 * hands the sessions over, so they stay idle: only the trigger's memory keeps them from being
 * emitted again.
 */
function idleTriggerOnly(name, credential, pollTimes) {
	const trigger = node('Idle Chat Trigger', 'n8n-nodes-superoffice.superOfficeIdleChatTrigger', 1, {
		authentication: 'superOfficeApi',
		idleMinutes: 3,
		botOnly: true,
		pollTimes,
	});
	trigger.credentials = { superOfficeApi: { id: credential.id, name: credential.name } };
	return chain(name, [trigger]);
}

/**
 * The fastest polling this n8n accepts, for tests: every 10 s as a six-field cron listing the
 * seconds (n8n 2.8), or every minute where n8n refuses sub-minute polls (isSubMinuteCron, 2.41).
 * @returns {{ pollTimes: object, seconds: number }}
 */
function fastestPollTimes(runtimeDir) {
	const cron = '0,10,20,30,40,50 * * * * *';
	const { isSubMinuteCron } = require(
		require('node:path').join(runtimeDir, 'node_modules', 'n8n-workflow'),
	);
	if (typeof isSubMinuteCron === 'function' && isSubMinuteCron(cron))
		return { pollTimes: { item: [{ mode: 'everyMinute' }] }, seconds: 60 };
	return { pollTimes: { item: [{ mode: 'custom', cronExpression: cron }] }, seconds: 10 };
}

/**
 * SuperOffice Trigger (chatsession.changed of bot sessions in a conversation) → Reset of the
 * session: "hand a bot session to a human when it changes". Registered at SuperOffice (the
 * sandbox) on activation, with the webhook process's URL.
 */
function resetOnChatEvent(name, credential) {
	const trigger = node(
		'SuperOffice Trigger',
		'n8n-nodes-superoffice.superOfficeTrigger',
		1,
		{
			authentication: 'superOfficeApi',
			events: ['chatsession.changed'],
			filters: { chatbotActive: 'yes', statuses: ['active'] },
			options: {},
		},
		{
			webhookId: crypto.randomUUID(),
			credentials: { superOfficeApi: { id: credential.id, name: credential.name } },
		},
	);
	return chain(name, [trigger, reset('Reset', '={{ $json.chatSessionId }}', { credential })]);
}

module.exports = {
	resetByWebhook,
	resetThenMessage,
	idleTriggerOnly,
	fastestPollTimes,
	resetOnChatEvent,
};
