'use strict';
/** What the SuperOffice sandbox's request log says a run wrote. */

/** Every write (no read, no presence query) as `METHOD /apiPath`, oldest first. */
function writesOf(sandbox) {
	return sandbox.requests
		.filter((q) => q.method !== 'GET' && !/GetChatPresence$/.test(q.path))
		.map((q) => `${q.method} ${q.apiPath}`);
}

/**
 * The writes of one Hand Over with a customer message and a summary, when someone can answer:
 * the message, the request with its two messages (summary, transcript), the guarded link, Reset.
 */
function handOverWithSummaryWrites(chatSessionId) {
	return [
		`POST /ChatSession/${chatSessionId}/Messages`,
		'POST /Ticket',
		'POST /TicketMessage',
		'POST /TicketMessage',
		`PATCH /ChatSession/${chatSessionId}`,
		`POST /ChatSession/${chatSessionId}/Reset`,
	];
}

module.exports = { writesOf, handOverWithSummaryWrites };
