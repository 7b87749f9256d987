'use strict';
/**
 * Workflows with the SuperOffice Trigger (webhook) that e2e/trigger.test.js imports into a real n8n.
 */
const crypto = require('node:crypto');
const { node, reset, chain } = require('./nodes');

const TRIGGER = 'n8n-nodes-superoffice.superOfficeTrigger';

/**
 * A SuperOffice Trigger node. Its `webhookId` fixes its webhook URL:
 * `<n8n>/webhook/<webhookId>/webhook`.
 */
function superOfficeTrigger(
	name,
	parameters,
	{ credential, webhookId = crypto.randomUUID() } = {},
) {
	const credentials = credential
		? { superOfficeApi: { id: credential.id, name: credential.name } }
		: undefined;
	return node(
		name,
		TRIGGER,
		1,
		{
			authentication: 'superOfficeApi',
			events: ['chatsession.changed'],
			filters: {},
			options: {},
			...parameters,
		},
		{ webhookId, ...(credentials ? { credentials } : {}) },
	);
}

/**
 * "When a bot session changes and is still in a conversation, hand it to a human":
 * SuperOffice Trigger (chatsession.changed, bot active, status Active) → Reset {{ $json.chatSessionId }}.
 */
function resetBotSessionsOnChange(name, credential) {
	const trigger = superOfficeTrigger(
		'SuperOffice Trigger',
		{ filters: { chatbotActive: 'yes', statuses: ['active'] } },
		{ credential },
	);
	return chain(name, [trigger, reset('Reset', '={{ $json.chatSessionId }}', { credential })]);
}

/** Only the trigger (for the refusal cases). */
function triggerOnly(name, credential) {
	return chain(name, [superOfficeTrigger('SuperOffice Trigger', {}, { credential })]);
}

module.exports = { TRIGGER, superOfficeTrigger, resetBotSessionsOnChange, triggerOnly };
