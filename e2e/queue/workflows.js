'use strict';
/**
 * The workflows the queue-mode suite activates: each starts with n8n's Webhook node (answering
 * at once, "When Last Node Finishes" would tie the answer to a worker) and carries the chat
 * session id in the POST body: `{ "id": 123 }`.
 */
const crypto = require('node:crypto');
const { node, reset, superOffice, chain } = require('../workflows/nodes');

function webhook(path) {
	return node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: crypto.randomUUID() });
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
			{ operation: 'addMessage', chatSessionId: "={{ $('Webhook').item.json.body.id }}", message: "={{ $('Webhook').item.json.body.text }}", author: 'Bot', messageType: 'ToCustomer', botMessage: true },
			{ credential },
		),
	]);
}

module.exports = { resetByWebhook, resetThenMessage };
