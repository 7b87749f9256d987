/**
 * A chat conversation as something to read: who said what (customer, agent or an event of the
 * chat), special messages put into words, HTML reduced to its text, oldest first, and one line
 * per message. Built from the session's messages (GET ChatSession/{id}/Messages), not from
 * SuperOffice's Transcript endpoint: the roles need the messages anyway, and one request gives
 * both. Pure, so every rule is unit-tested.
 */
import type { IDataObject } from 'n8n-workflow';

/** Who a message is from: the customer, the agent (a human or the bot), or the chat itself. */
export type TranscriptRole = 'customer' | 'agent' | 'event';

/** One message as the transcript lists it. */
export interface TranscriptMessage extends IDataObject {
	id: number | null;
	role: TranscriptRole;
	author: string;
	/** The text without HTML; a special message in words. */
	text: string;
	/** WhenPosted as SuperOffice sent it. */
	at: string | null;
	/** ChatMessageType name: ToCustomer, ToUser or Special. */
	type: string;
	/** ChatMessageSpecialType name; None for an ordinary message. */
	specialType: string;
}

/** The output of Get Messages with Format: Transcript. */
export interface ChatTranscript extends IDataObject {
	chatSessionId: number;
	/** One line per message, oldest first. */
	transcript: string;
	messages: TranscriptMessage[];
}

const MESSAGE_TYPES = ['Invalid', 'ToCustomer', 'ToUser', 'Special'];

/** ChatMessageSpecialType by number (4 is unused). */
const SPECIAL_TYPES: Record<number, string> = {
	0: 'None',
	1: 'Welcome',
	2: 'Url',
	3: 'Block',
	5: 'NewSession',
	6: 'TransferedSession',
	7: 'Error',
	8: 'Deleted',
	9: 'FaqSuccessQuestion',
	10: 'ClosedByUser',
	11: 'ClosedByCustomer',
	12: 'ClosedByIdle',
	13: 'TransferRejected',
	14: 'ReopenedByCustomer',
	15: 'ClickedOption',
	16: 'BotMessage',
	17: 'Options',
};

/** Special messages that are what the agent or bot says (their text is the message). */
const AGENT_SPECIALS = new Set(['Welcome', 'Url', 'FaqSuccessQuestion', 'BotMessage', 'Options']);

function field(record: IDataObject, key: string): unknown {
	if (key in record) return record[key];
	const lower = key.toLowerCase();
	const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : record[found];
}

/** An enum value given as its name (any case) or number → its name; undefined when unknown. */
function enumName(value: unknown, names: Record<number, string>): string | undefined {
	if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value)))
		return names[Number(value)];
	if (typeof value !== 'string') return undefined;
	const lower = value.trim().toLowerCase();
	if (lower === 'sessiondeleted') return 'Deleted';
	return Object.values(names).find((name) => name.toLowerCase() === lower);
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
};

/** Character references → characters; an unknown or invalid one stays as written. */
function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
		if (ref.startsWith('#')) {
			const code =
				ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
			return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
				? String.fromCodePoint(code)
				: whole;
		}
		return ENTITIES[ref.toLowerCase()] ?? whole;
	});
}

/**
 * The text of a message that may be HTML: line breaks and paragraph ends become new lines, other
 * tags go, character references are decoded, spaces are tidied. Text without tags keeps its
 * "<" (a customer's "<3" is not a tag).
 */
export function plainText(value: unknown): string {
	if (typeof value !== 'string') return '';
	const text = value
		.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
		.replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
		.replace(/<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/gi, '')
		.replace(/<!--[\s\S]*?-->/g, '');
	return decodeEntities(text)
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
		.filter((line, index, lines) => line !== '' || (index > 0 && lines[index - 1] !== ''))
		.join('\n')
		.trim();
}

/** The clickable options of an Options message: its SpecialParam, a JSON array. */
function optionTexts(param: unknown): string[] {
	if (typeof param !== 'string' || param.trim() === '') return [];
	let parsed: unknown;
	try {
		parsed = JSON.parse(param);
	} catch {
		return [plainText(param)].filter(Boolean);
	}
	if (!Array.isArray(parsed)) return [];
	return parsed
		.map((option) => {
			if (typeof option === 'string' || typeof option === 'number') return String(option);
			if (option !== null && typeof option === 'object') {
				const record = option as IDataObject;
				for (const key of ['text', 'label', 'title', 'name', 'value']) {
					const value = field(record, key);
					if (typeof value === 'string' || typeof value === 'number') return String(value);
				}
			}
			return '';
		})
		.map((text) => plainText(text))
		.filter((text) => text !== '');
}

function quoted(text: string): string {
	return `"${text}"`;
}

/** What a special message says, in words; undefined for one whose own text says it. */
function specialText(
	specialType: string,
	text: string,
	param: unknown,
	author: string,
): string | undefined {
	const with_ = (words: string) => (text ? `${words}: ${text}` : words);
	switch (specialType) {
		case 'NewSession':
			return with_(author ? `${author} joined the chat` : 'someone joined the chat');
		case 'TransferedSession':
			return with_('the chat was transferred');
		case 'TransferRejected':
			return with_('the transfer was rejected');
		case 'ClosedByUser':
			return 'the agent closed the chat';
		case 'ClosedByCustomer':
			return 'the customer closed the chat';
		case 'ClosedByIdle':
			return 'the chat was closed because nobody wrote for a while';
		case 'ReopenedByCustomer':
			return 'the customer reopened the chat';
		case 'Deleted':
			return 'the chat was deleted';
		case 'Block':
			return with_('the customer was blocked');
		case 'Error':
			return with_('error');
		case 'ClickedOption': {
			const option = text || optionTexts(param)[0] || plainText(param);
			return option ? `clicked option ${quoted(option)}` : 'clicked an option';
		}
		case 'Options': {
			const options = optionTexts(param).map(quoted).join(', ');
			if (!options) return undefined;
			return text ? `${text} (options offered: ${options})` : `options offered: ${options}`;
		}
		case 'Url': {
			const url = plainText(param);
			return url && !text.includes(url) ? with_(`shared a link ${url}`) : undefined;
		}
		default:
			return undefined;
	}
}

function roleOf(type: string, specialType: string): TranscriptRole {
	if (specialType === 'ClickedOption') return 'customer';
	if (type === 'ToUser') return 'customer';
	if (type === 'ToCustomer') return 'agent';
	return AGENT_SPECIALS.has(specialType) ? 'agent' : 'event';
}

/** One ChatMessage as the transcript lists it. */
export function transcriptMessage(message: IDataObject): TranscriptMessage {
	const type =
		enumName(field(message, 'Type'), MESSAGE_TYPES) ?? String(field(message, 'Type') ?? '');
	const specialType = enumName(field(message, 'SpecialType'), SPECIAL_TYPES) ?? 'None';
	const raw = plainText(field(message, 'Message'));
	const role = roleOf(type, specialType);
	const id = Number(field(message, 'ChatMessageId'));
	const rawAuthor = field(message, 'Author');
	const author = typeof rawAuthor === 'string' ? rawAuthor.trim() : '';
	const at = field(message, 'WhenPosted');
	return {
		id: Number.isInteger(id) ? id : null,
		role,
		author,
		text: specialText(specialType, raw, field(message, 'SpecialParam'), author) ?? raw,
		at: typeof at === 'string' && at !== '' ? at : null,
		type,
		specialType,
	};
}

/**
 * What a message says, as a chatbot answers it: a clicked option as the option's own text,
 * any other message as its text without HTML.
 */
export function messageText(message: IDataObject): string {
	const raw = plainText(field(message, 'Message'));
	if (enumName(field(message, 'SpecialType'), SPECIAL_TYPES) !== 'ClickedOption') return raw;
	const param = field(message, 'SpecialParam');
	return raw || optionTexts(param)[0] || plainText(param);
}

/** "2026-01-15T11:02:03.1234567+01:00" → "2026-01-15 11:02:03", as SuperOffice wrote the time. */
function shortTime(at: string | null): string {
	const match = at === null ? null : /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(:\d{2})?)/.exec(at);
	return match ? `${match[1]} ${match[2]}` : (at ?? '');
}

/** One line of the transcript: `[time] Author (role): text`; an event as `[time] text`. */
export function transcriptLine(message: TranscriptMessage): string {
	const time = shortTime(message.at);
	const prefix = time ? `[${time}] ` : '';
	const text = message.text.replace(/\s*\n\s*/g, ' / ');
	if (message.role === 'event') return `${prefix}${text}`.trimEnd();
	const who = message.author ? `${message.author} (${message.role})` : message.role;
	return `${prefix}${who}: ${text}`.trimEnd();
}

/** The order SuperOffice wrote them in: by ChatMessageId, else as listed. */
function oldestFirst(messages: TranscriptMessage[]): TranscriptMessage[] {
	return messages
		.map((message, index) => ({ message, index }))
		.sort(
			(a, b) =>
				(a.message.id ?? Number.MAX_SAFE_INTEGER) - (b.message.id ?? Number.MAX_SAFE_INTEGER) ||
				a.index - b.index,
		)
		.map(({ message }) => message);
}

/** The transcript item of one session from its ChatMessage list. */
export function chatTranscript(chatSessionId: number, messages: IDataObject[]): ChatTranscript {
	const listed = oldestFirst(messages.map(transcriptMessage));
	return {
		chatSessionId,
		transcript: listed.map(transcriptLine).join('\n'),
		messages: listed,
	};
}
