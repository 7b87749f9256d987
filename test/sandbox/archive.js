// @ts-check
'use strict';
/**
 * Archive providers the OData lists read from: the "ChatSession" archive (GET ChatSession,
 * GET ChatTopic/{id}/Sessions) and a small "AllUsers" archive (GET User).
 * Column names are the documented lower-camel names; value formats are sandbox choices
 * (see README): dates as SuperOffice date strings, durations in seconds, status as enum name.
 */
const { parseSoDate } = require('./dates');

/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {'int' | 'string' | 'date' | 'status'} ColumnType */
/**
 * @template T
 * @typedef {{ name: string, type: ColumnType, get: (row: T, ctx: ArchiveContext) => unknown }} Column
 */
/** @typedef {{ nowMs: number, updated: Map<number, string>, topicName: (id: number) => string }} ArchiveContext */
/**
 * @template T
 * @typedef {{ entityName: string, columns: Column<T>[], primaryKey: (row: T) => number, removedHint?: Record<string, string> }} Archive
 */

/** @param {string | null} a @param {string | null} b */
function seconds(a, b) {
	const x = parseSoDate(a);
	const y = parseSoDate(b);
	if (!Number.isFinite(x) || !Number.isFinite(y)) return 0;
	return Math.max(0, Math.round((y - x) / 1000));
}

/** @type {Archive<ChatSessionEntity>} */
const CHAT_SESSION_ARCHIVE = {
	entityName: 'chatSession',
	primaryKey: (s) => s.ChatSessionId,
	removedHint: {
		whenidle:
			'The ChatSession archive has no whenIdle column; read the entity (GET ChatSession/{id}) for WhenIdle.',
		chatbotisactive:
			'The ChatSession archive has no chatbotIsActive column; read the entity (GET ChatSession/{id}) for ChatbotIsActive.',
	},
	columns: [
		{ name: 'chatSessionId', type: 'int', get: (s) => s.ChatSessionId },
		{ name: 'firstMessage', type: 'string', get: (s) => s.FirstMessage ?? '' },
		{ name: 'lastMessage', type: 'string', get: (s) => s.LastMessage ?? '' },
		{ name: 'whenRequested', type: 'date', get: (s) => s.WhenRequested },
		{ name: 'whenStarted', type: 'date', get: (s) => s.WhenStarted },
		{ name: 'whenEnded', type: 'date', get: (s) => s.WhenEnded },
		{
			name: 'duration',
			type: 'int',
			get: (s, ctx) => {
				if (!s.WhenStarted) return 0;
				if (s.WhenEnded) return seconds(s.WhenStarted, s.WhenEnded);
				return Math.max(0, Math.round((ctx.nowMs - parseSoDate(s.WhenStarted)) / 1000)) || 0;
			},
		},
		{
			name: 'timeInQueue',
			type: 'int',
			get: (s, ctx) => {
				if (s.WhenStarted) return seconds(s.WhenRequested, s.WhenStarted);
				if (s.Status === 'InQueue')
					return Math.max(0, Math.round((ctx.nowMs - parseSoDate(s.WhenRequested)) / 1000)) || 0;
				if (s.WhenEnded) return seconds(s.WhenRequested, s.WhenEnded);
				return 0;
			},
		},
		{ name: 'queueLength', type: 'int', get: (s) => s.InitialQueuePos },
		{ name: 'rating', type: 'int', get: (s) => s.Rating },
		{ name: 'agent', type: 'string', get: (s) => (s.User ? String(s.User.FullName ?? '') : '') },
		{ name: 'status', type: 'status', get: (s) => s.Status },
		{ name: 'contactId', type: 'int', get: (s) => Number(s.Contact?.ContactId ?? 0) },
		{ name: 'personId', type: 'int', get: (s) => Number(s.Person?.PersonId ?? 0) },
		{
			name: 'updatedDate',
			type: 'date',
			get: (s, ctx) => ctx.updated.get(s.ChatSessionId) ?? s.WhenRequested,
		},
		{ name: 'registeredDate', type: 'date', get: (s) => s.WhenRequested },
		{ name: 'chatTopic/chatTopicId', type: 'int', get: (s) => s.TopicId },
		{ name: 'chatTopic/name', type: 'string', get: (s, ctx) => ctx.topicName(s.TopicId) },
	],
};

/** @type {Archive<AssociateSeed>} */
const USER_ARCHIVE = {
	entityName: 'associate',
	primaryKey: (a) => a.associateId,
	columns: [
		{ name: 'associateDbId', type: 'int', get: (a) => a.associateId },
		{ name: 'name', type: 'string', get: (a) => a.name },
		{ name: 'userName', type: 'string', get: (a) => a.username },
		{ name: 'fullName', type: 'string', get: (a) => a.fullName },
		{ name: 'firstName', type: 'string', get: (a) => a.firstName },
		{ name: 'lastName', type: 'string', get: (a) => a.lastName },
		{ name: 'personId', type: 'int', get: (a) => a.personId },
		{ name: 'email', type: 'string', get: (a) => a.email },
	],
};

module.exports = { CHAT_SESSION_ARCHIVE, USER_ARCHIVE };
