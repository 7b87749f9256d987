// @ts-check
'use strict';
/**
 * SuperOffice enums the sandbox needs, as documented in SuperOfficeDocs/superoffice-docs
 * (ChatSessionStatus in the REST reference, ChatMessageType / ChatMessageSpecialType in the
 * chatbot scripts reference and the SOAP/CRMScript enum listings).
 */

/** ChatSessionStatus: index = numeric value. */
const CHAT_SESSION_STATUS = Object.freeze([
	'Invalid', // 0
	'PreChatForm', // 1
	'Faq', // 2
	'OfflineForm', // 3
	'InQueue', // 4
	'CustomerLast', // 5
	'UserLast', // 6
	'Finished', // 7
	'Deleted', // 8
	'Closed', // 9
	'RequestPosted', // 10
	'ClosedFromQueue', // 11
]);

/** ChatMessageType: index = numeric value. ToCustomer = from agent/bot, ToUser = from the customer. */
const CHAT_MESSAGE_TYPE = Object.freeze(['Invalid', 'ToCustomer', 'ToUser', 'Special']);

/** ChatMessageSpecialType name → value (4 is unused; IllegalFileType's value 18 is an assumption). */
const CHAT_MESSAGE_SPECIAL_TYPE = Object.freeze({
	None: 0,
	Welcome: 1,
	Url: 2,
	Block: 3,
	NewSession: 5,
	TransferedSession: 6,
	Error: 7,
	SessionDeleted: 8,
	FaqSuccessQuestion: 9,
	ClosedByUser: 10,
	ClosedByCustomer: 11,
	ClosedByIdle: 12,
	TransferRejected: 13,
	ReopenedByCustomer: 14,
	ClickedOption: 15,
	BotMessage: 16,
	Options: 17,
	IllegalFileType: 18,
});

/**
 * Resolve an enum given by name (case-insensitive) or by number (number or digit string).
 * @param {readonly string[] | Readonly<Record<string, number>>} table
 * @param {unknown} input
 * @returns {{ name: string, value: number } | null}
 */
function resolveEnum(table, input) {
	/** @type {Array<[string, number]>} */
	const entries = Array.isArray(table)
		? table.map((name, i) => /** @type {[string, number]} */ ([name, i]))
		: Object.entries(table);
	if (typeof input === 'number' || (typeof input === 'string' && /^\s*\d+\s*$/.test(input))) {
		const n = Number(input);
		const hit = entries.find(([, v]) => v === n);
		return hit ? { name: hit[0], value: hit[1] } : null;
	}
	if (typeof input === 'string') {
		const lower = input.trim().toLowerCase();
		const hit = entries.find(([k]) => k.toLowerCase() === lower);
		return hit ? { name: hit[0], value: hit[1] } : null;
	}
	return null;
}

/** Statuses in which a session is "active" (someone is chatting). */
const ACTIVE_STATUSES = Object.freeze(['CustomerLast', 'UserLast']);

module.exports = {
	CHAT_SESSION_STATUS,
	CHAT_MESSAGE_TYPE,
	CHAT_MESSAGE_SPECIAL_TYPE,
	ACTIVE_STATUSES,
	resolveEnum,
};
