// @ts-check
'use strict';
/**
 * A stand-in for the model: a scripted OpenAI-compatible chat-completions server for tests of an
 * n8n AI Agent that uses the SuperOffice tools. No real model is ever called; nothing here thinks.
 *
 * It listens on 127.0.0.1 (port 0 unless given) and answers
 *   - `GET  /v1/models`             a one-model list (n8n's OpenAI credential test and model list)
 *   - `POST /v1/chat/completions`   the next step of a fixed hand-over script, as a model would:
 *       1. no tool result yet        → call the transcript tool and the availability tool
 *       2. both results are there    → call the hand-over tool with chatSessionId, a customer
 *                                      message and a summary built from the transcript it got
 *       3. the hand-over result is in → a final assistant text naming its outcome
 *     or, when a reply tool is offered, as a chatbot: for the customer's message in the prompt
 *     ("The customer wrote: …") one call of the reply tool (an answer and quick replies), or of
 *     the hand-over tool when the customer asks for a person; then a final text
 * The step is read from the conversation in the request (the `role: tool` messages and the
 * assistant tool calls they answer), not from a counter, so a retried request gets the same answer.
 *
 * Tools are found among `tools[].function` by their name or description (n8n derives the names
 * from the workflow's node names, the descriptions from the operations): hand-over =
 * /hand.?over/, transcript = /transcript|get.?messages|messages of a chat|read.?the.?chat/,
 * availability = /availab|can answer|who.?can/; one tool plays one part. Arguments are filled for the properties the tool's JSON
 * schema asks for (chatSessionId, chatTopicId, customerMessage, summary, format); the chat session
 * and topic ids are read from the prompt ("chat session 901", "topic 2").
 *
 * `stream: true` is answered as server-sent events (chat.completion.chunk, then `[DONE]`).
 * Every request is recorded (`requests`) so tests can assert what the model was sent.
 */
const http = require('node:http');

const MODEL = 'stub-model';
/** Most requests one stub answers; more is a loop in the caller and is refused with 429. */
const MAX_REQUESTS = 50;
/** Largest request body read (bytes). */
const MAX_BODY = 2_000_000;

const CUSTOMER_MESSAGE = 'A colleague takes over this chat in a moment.';
/** The chatbot script's quick replies, and what makes it hand over. */
const QUICK_REPLIES = ['Opening hours', 'Talk to a person'];
const WANTS_A_PERSON = /\b(human|person|agent|someone real)\b/i;

/** How the script recognizes the tools, by name first, then by description. */
const HAND_OVER = /hand.?over/i;
const TRANSCRIPT = /transcript|get.?messages|messages of a chat|read.?the.?chat/i;
const AVAILABILITY = /availab|can answer|who.?can/i;
const REPLY = /reply|answer.?the.?customer|add.?message|send.?a.?message/i;

/**
 * @typedef {{ name: string, description?: string, parameters?: { properties?: Record<string, { type?: string }> } }} ToolFunction
 * @typedef {{ role: string, content?: unknown, tool_calls?: Array<{ id: string, function: { name: string, arguments: string } }>, tool_call_id?: string }} ChatMessage
 * @typedef {{ method: string, path: string, body: any, at: number }} RecordedRequest
 * @typedef {{ name: string, arguments: Record<string, unknown> }} ToolCall
 */

/** @param {unknown} content */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('\n');
	return content == null ? '' : JSON.stringify(content);
}

/**
 * @param {ToolFunction[]} tools
 * @param {RegExp} pattern
 */
function findTool(tools, pattern) {
	return (
		tools.find((t) => pattern.test(t.name)) ??
		tools.find((t) => pattern.test(t.description ?? '')) ??
		null
	);
}

/** The tools a request offers, as their `function` parts. @param {any} body @returns {ToolFunction[]} */
function offeredTools(body) {
	return (Array.isArray(body?.tools) ? body.tools : [])
		.map((/** @type {any} */ t) => t?.function)
		.filter((/** @type {any} */ f) => f && typeof f.name === 'string');
}

/**
 * The results in the conversation, keyed by the name of the tool they answer.
 * @param {ChatMessage[]} messages
 * @returns {Map<string, string>}
 */
function toolResults(messages) {
	/** @type {Map<string, string>} */
	const names = new Map();
	for (const m of messages)
		if (m.role === 'assistant' && Array.isArray(m.tool_calls))
			for (const call of m.tool_calls) names.set(call.id, call.function?.name);
	/** @type {Map<string, string>} */
	const results = new Map();
	for (const m of messages)
		if (m.role === 'tool' && m.tool_call_id && names.has(m.tool_call_id))
			results.set(/** @type {string} */ (names.get(m.tool_call_id)), textOf(m.content));
	return results;
}

/**
 * Looks for `key` anywhere in a tool result (n8n sends JSON text: an object, an array of items,
 * or a string holding either).
 * @param {string} text
 * @param {string} key
 * @returns {unknown}
 */
function findInResult(text, key) {
	/** @type {unknown} */
	let value;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	const queue = [value];
	for (let i = 0; i < queue.length && i < 10_000; i++) {
		const v = queue[i];
		if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
			try {
				queue.push(JSON.parse(v));
			} catch {
				/* plain text */
			}
		} else if (Array.isArray(v)) queue.push(...v);
		else if (v && typeof v === 'object') {
			if (key in v) return /** @type {any} */ (v)[key];
			queue.push(...Object.values(v));
		}
	}
	return undefined;
}

/**
 * The summary a model would write from the transcript tool's result: what the customer wrote.
 * @param {string} transcriptResult
 */
function summaryFrom(transcriptResult) {
	const messages = findInResult(transcriptResult, 'messages');
	/** @type {string[]} */
	let said = [];
	if (Array.isArray(messages))
		said = messages
			.filter((m) => m && m.role === 'customer' && typeof m.text === 'string')
			.map((m) => m.text.trim());
	if (!said.length) {
		const transcript = findInResult(transcriptResult, 'transcript');
		if (typeof transcript === 'string') said = transcript.split('\n').slice(0, 3);
	}
	const text = said.length ? said.join(' / ') : 'no messages found';
	return `Customer wrote: ${text}`.slice(0, 500);
}

/** @param {ChatMessage[]} messages @param {RegExp} pattern */
function numberFromPrompt(messages, pattern) {
	for (const m of messages) {
		if (m.role !== 'system' && m.role !== 'user') continue;
		const match = pattern.exec(textOf(m.content));
		if (match) return Number(match[1]);
	}
	return undefined;
}

/**
 * Arguments for a tool: the properties its schema asks for that the script knows.
 * @param {ToolFunction} tool
 * @param {Record<string, unknown>} known
 */
function argumentsFor(tool, known) {
	const props = tool.parameters?.properties ?? {};
	/** @type {Record<string, unknown>} */
	const args = {};
	for (const [name, schema] of Object.entries(props)) {
		if (!(name in known) || known[name] === undefined) continue;
		const value = known[name];
		const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
		args[name] =
			type !== 'string' ? value : Array.isArray(value) ? value.join('\n') : String(value);
	}
	return args;
}

/**
 * One call of the hand-over tool: the customer message and `summary`, plus what else its schema
 * asks for among `known`.
 * @param {ToolFunction} handOverTool
 * @param {Record<string, unknown>} known
 * @param {string} summary
 * @returns {{ toolCalls: ToolCall[], content: string | null, step: string }}
 */
function handOverStep(handOverTool, known, summary) {
	return {
		step: 'handOver',
		content: null,
		toolCalls: [
			{
				name: handOverTool.name,
				arguments: argumentsFor(handOverTool, {
					...known,
					customerMessage: CUSTOMER_MESSAGE,
					summary,
				}),
			},
		],
	};
}

/**
 * What the customer wrote, from the prompt: the text after "The customer wrote:" in the newest
 * user message, else that whole message.
 * @param {ChatMessage[]} messages
 */
function customerText(messages) {
	const user = messages.filter((m) => m.role === 'user').pop();
	const text = user ? textOf(user.content) : '';
	const match = /the customer wrote:\s*([\s\S]*)$/i.exec(text);
	return (match ? match[1] : text).trim();
}

/**
 * The chatbot script, when a reply tool is offered: one tool call per customer message, then a
 * final text. A customer who asks for a person (or clicks "Talk to a person") is handed over with
 * a summary; anyone else gets an answer with quick replies.
 * @param {ChatMessage[]} messages
 * @param {ToolFunction} replyTool
 * @param {ToolFunction | null} handOverTool
 * @returns {{ toolCalls: ToolCall[], content: string | null, step: string }}
 */
function chatbotStep(messages, replyTool, handOverTool) {
	const results = toolResults(messages);
	if (results.has(replyTool.name) || (handOverTool && results.has(handOverTool.name)))
		return { step: 'answer', toolCalls: [], content: 'Done.' };
	const said = customerText(messages);
	if (handOverTool && WANTS_A_PERSON.test(said))
		return handOverStep(
			handOverTool,
			{},
			`The customer asked for a person: "${said.slice(0, 200)}"`,
		);
	return {
		step: 'reply',
		content: null,
		toolCalls: [
			{
				name: replyTool.name,
				arguments: argumentsFor(replyTool, {
					message: `You wrote "${said.slice(0, 200)}". I can tell you our opening hours, or find a person for you.`,
					quickReplies: QUICK_REPLIES,
				}),
			},
		],
	};
}

/**
 * The script: the answer for one chat-completions request body.
 * @param {any} body
 * @returns {{ toolCalls: ToolCall[], content: string | null, step: string }}
 */
function nextStep(body) {
	const messages = /** @type {ChatMessage[]} */ (
		Array.isArray(body?.messages) ? body.messages : []
	);
	const tools = offeredTools(body);
	const handOverTool = findTool(tools, HAND_OVER);
	const replyTool = findTool(
		tools.filter((t) => t !== handOverTool),
		REPLY,
	);
	if (replyTool) return chatbotStep(messages, replyTool, handOverTool);
	const others = tools.filter((t) => t !== handOverTool);
	const transcriptTool = findTool(others, TRANSCRIPT);
	const availabilityTool = findTool(
		others.filter((t) => t !== transcriptTool),
		AVAILABILITY,
	);
	const results = toolResults(messages);
	const known = {
		chatSessionId: numberFromPrompt(messages, /chat\s*session\s*(?:id\s*)?#?(\d+)/i),
		chatTopicId: numberFromPrompt(messages, /topic\s*(?:id\s*)?#?(\d+)/i),
		format: 'transcript',
	};

	if (handOverTool && results.has(handOverTool.name)) {
		const outcome = findInResult(/** @type {string} */ (results.get(handOverTool.name)), 'outcome');
		return {
			step: 'answer',
			toolCalls: [],
			content: `Handed over to a human (outcome: ${outcome ?? 'unknown'}).`,
		};
	}
	const wanted = [transcriptTool, availabilityTool].filter((t) => t !== null);
	const missing = wanted.filter((t) => t && !results.has(t.name));
	if (missing.length)
		return {
			step: 'read',
			content: null,
			toolCalls: missing.map((t) => ({ name: t.name, arguments: argumentsFor(t, known) })),
		};
	if (handOverTool) {
		const transcript = transcriptTool ? (results.get(transcriptTool.name) ?? '') : '';
		return handOverStep(handOverTool, known, summaryFrom(transcript));
	}
	return { step: 'answer', toolCalls: [], content: 'No hand-over tool was offered.' };
}

/**
 * Starts the stand-in for the model.
 * @param {{ port?: number, maxRequests?: number }} [options]
 */
async function createModelStub({ port = 0, maxRequests = MAX_REQUESTS } = {}) {
	/** @type {RecordedRequest[]} */
	const requests = [];
	let callSeq = 0;
	let completionSeq = 0;

	/** @param {http.ServerResponse} res @param {number} status @param {unknown} json */
	const send = (res, status, json) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(json));
	};

	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				send(res, 413, { error: { message: 'request too large' } });
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (res.writableEnded) return;
			const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
			const raw = Buffer.concat(chunks).toString('utf8');
			/** @type {any} */
			let body = null;
			if (raw) {
				try {
					body = JSON.parse(raw);
				} catch {
					body = raw;
				}
			}
			requests.push({ method: req.method ?? '', path, body, at: Date.now() });
			if (requests.length > maxRequests)
				return send(res, 429, { error: { message: `more than ${maxRequests} requests` } });

			if (req.method === 'GET' && /\/models$/.test(path))
				return send(res, 200, {
					object: 'list',
					data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'test' }],
				});
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(path))
				return send(res, 404, { error: { message: `no route ${req.method} ${path}` } });
			if (!body || typeof body !== 'object')
				return send(res, 400, { error: { message: 'the body is no JSON object' } });

			const step = nextStep(body);
			const id = `chatcmpl-stub-${++completionSeq}`;
			const toolCalls = step.toolCalls.map((call) => ({
				id: `call_stub_${++callSeq}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.arguments) },
			}));
			const finish = toolCalls.length ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			const model = typeof body.model === 'string' ? body.model : MODEL;
			if (body.stream === true) {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				/** @param {unknown} data */
				const event = (data) => res.write(`data: ${JSON.stringify(data)}\n\n`);
				/** @param {object} delta @param {string|null} finishReason */
				const chunk = (delta, finishReason) =>
					event({
						id,
						object: 'chat.completion.chunk',
						created: Math.floor(Date.now() / 1000),
						model,
						choices: [{ index: 0, delta, finish_reason: finishReason }],
					});
				chunk({ role: 'assistant', content: step.content === null ? null : '' }, null);
				if (step.content !== null) chunk({ content: step.content }, null);
				toolCalls.forEach((call, index) =>
					chunk(
						{
							tool_calls: [
								{
									index,
									id: call.id,
									type: 'function',
									function: { name: call.function.name, arguments: call.function.arguments },
								},
							],
						},
						null,
					),
				);
				chunk({}, finish);
				if (body.stream_options?.include_usage)
					event({ id, object: 'chat.completion.chunk', model, choices: [], usage });
				res.end('data: [DONE]\n\n');
				return;
			}
			send(res, 200, {
				id,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model,
				choices: [
					{
						index: 0,
						message: {
							role: 'assistant',
							content: step.content,
							...(toolCalls.length ? { tool_calls: toolCalls } : {}),
						},
						finish_reason: finish,
					},
				],
				usage,
			});
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${address.port}`;

	return {
		url,
		/** The OpenAI base URL (what n8n's OpenAI credential calls `url`). */
		baseUrl: `${url}/v1`,
		port: address.port,
		/** Every request, oldest first. */
		requests,
		/** The chat-completions requests, oldest first. */
		completions: () =>
			requests.filter((r) => r.method === 'POST' && /\/chat\/completions$/.test(r.path)),
		clear: () => {
			requests.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			}),
	};
}

module.exports = {
	createModelStub,
	nextStep,
	summaryFrom,
	CUSTOMER_MESSAGE,
	QUICK_REPLIES,
	MODEL,
};
