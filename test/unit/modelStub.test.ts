/**
 * test/modelStub: the stand-in for the model (a scripted OpenAI-compatible chat-completions
 * server) that e2e/aiAgent.test.js gives n8n's AI Agent. No real model is called here either.
 */
import {
	createModelStub,
	nextStep,
	summaryFrom,
	CUSTOMER_MESSAGE,
	QUICK_REPLIES,
} from '../modelStub';

type Stub = Awaited<ReturnType<typeof createModelStub>>;

const schema = (props: Record<string, string>) => ({
	type: 'object',
	properties: Object.fromEntries(Object.entries(props).map(([k, type]) => [k, { type }])),
});
const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Hand_over_to_a_human',
			description: 'Hand a chatbot session over to a human in SuperOffice',
			parameters: schema({ chatSessionId: 'number', customerMessage: 'string', summary: 'string' }),
		},
	},
	{
		type: 'function',
		function: {
			name: 'Who_can_answer_',
			description: 'Check whether anyone can answer a chat topic now in SuperOffice',
			parameters: schema({ chatTopicId: 'number' }),
		},
	},
	{
		type: 'function',
		function: {
			name: 'Read_the_chat',
			description: 'Get the messages of a chat session in SuperOffice',
			parameters: schema({ chatSessionId: 'number' }),
		},
	},
];
const PROMPT = [
	{ role: 'system', content: 'You hand chats over.' },
	{ role: 'user', content: 'Chat session 901 in chat topic 2 needs a human agent.' },
];
const TRANSCRIPT_RESULT = JSON.stringify([
	{
		chatSessionId: 901,
		transcript: 'Jonas (customer): My invoice is wrong\nBot (agent): Sorry',
		messages: [
			{ role: 'customer', text: 'My invoice is wrong' },
			{ role: 'agent', text: 'Sorry' },
			{ role: 'customer', text: 'Invoice 10023' },
		],
	},
]);

function answered(
	calls: Array<{ id: string; name: string; args: object; result: string }>,
): object[] {
	return calls.flatMap((c) => [
		{
			role: 'assistant',
			content: null,
			tool_calls: [
				{
					id: c.id,
					type: 'function',
					function: { name: c.name, arguments: JSON.stringify(c.args) },
				},
			],
		},
		{ role: 'tool', tool_call_id: c.id, content: c.result },
	]);
}

describe('the stand-in for the model: the script', () => {
	test('turn 1 reads the chat and the availability, with the ids from the prompt', () => {
		const step = nextStep({ messages: PROMPT, tools: TOOLS });
		expect(step.step).toBe('read');
		expect(step.toolCalls).toEqual([
			{ name: 'Read_the_chat', arguments: { chatSessionId: 901 } },
			{ name: 'Who_can_answer_', arguments: { chatTopicId: 2 } },
		]);
	});

	test('turn 2 hands over with a summary built from the transcript it received', () => {
		const messages = [
			...PROMPT,
			...answered([
				{ id: 'a', name: 'Read_the_chat', args: {}, result: TRANSCRIPT_RESULT },
				{ id: 'b', name: 'Who_can_answer_', args: {}, result: '[{"canAnswer":true}]' },
			]),
		];
		const step = nextStep({ messages, tools: TOOLS });
		expect(step.toolCalls).toEqual([
			{
				name: 'Hand_over_to_a_human',
				arguments: {
					chatSessionId: 901,
					customerMessage: CUSTOMER_MESSAGE,
					summary: 'Customer wrote: My invoice is wrong / Invoice 10023',
				},
			},
		]);
	});

	test('turn 3 answers with the hand-over outcome', () => {
		const messages = [
			...PROMPT,
			...answered([
				{ id: 'a', name: 'Read_the_chat', args: {}, result: TRANSCRIPT_RESULT },
				{ id: 'b', name: 'Who_can_answer_', args: {}, result: '[]' },
				{
					id: 'c',
					name: 'Hand_over_to_a_human',
					args: {},
					result: '[{"handOver":{"outcome":"offlineForm"}}]',
				},
			]),
		];
		const step = nextStep({ messages, tools: TOOLS });
		expect(step).toEqual({
			step: 'answer',
			toolCalls: [],
			content: 'Handed over to a human (outcome: offlineForm).',
		});
	});

	test('a result the model never asked for does not count', () => {
		const messages = [
			...PROMPT,
			{ role: 'tool', tool_call_id: 'unknown', content: TRANSCRIPT_RESULT },
		];
		expect(nextStep({ messages, tools: TOOLS }).step).toBe('read');
	});

	test('tools are found by name as well as by description', () => {
		const tools = [
			{ type: 'function', function: { name: 'handOver', parameters: schema({}) } },
			{ type: 'function', function: { name: 'getAvailability', parameters: schema({}) } },
			{ type: 'function', function: { name: 'Get_Messages', parameters: schema({}) } },
		];
		expect(nextStep({ messages: PROMPT, tools }).toolCalls.map((c) => c.name)).toEqual([
			'Get_Messages',
			'getAvailability',
		]);
	});

	test('the summary falls back to the transcript text, and says when there is none', () => {
		expect(summaryFrom(JSON.stringify({ transcript: 'a\nb' }))).toBe('Customer wrote: a / b');
		expect(summaryFrom('not json')).toBe('Customer wrote: no messages found');
	});
});

describe('the stand-in for the model: the chatbot script', () => {
	const CHATBOT_TOOLS = [
		{
			type: 'function',
			function: {
				name: 'Reply_to_the_customer',
				description: 'Add a message to a chat session in SuperOffice',
				parameters: schema({ message: 'string', quickReplies: 'string' }),
			},
		},
		TOOLS[0],
	];
	const wrote = (text: string) => [
		{ role: 'system', content: 'You are the chatbot.' },
		{ role: 'user', content: `The customer wrote: ${text}` },
	];

	test('answers a question with one reply call: the text it read and quick replies, one per line', () => {
		const step = nextStep({ messages: wrote('Where is my parcel?'), tools: CHATBOT_TOOLS });
		expect(step.step).toBe('reply');
		expect(step.toolCalls).toEqual([
			{
				name: 'Reply_to_the_customer',
				arguments: {
					message:
						'You wrote "Where is my parcel?". I can tell you our opening hours, or find a person for you.',
					quickReplies: QUICK_REPLIES.join('\n'),
				},
			},
		]);
	});

	test('hands over when the customer asks for a person; the schema decides the arguments', () => {
		const step = nextStep({ messages: wrote('Talk to a person'), tools: CHATBOT_TOOLS });
		expect(step.toolCalls).toEqual([
			{
				name: 'Hand_over_to_a_human',
				arguments: {
					customerMessage: CUSTOMER_MESSAGE,
					summary: 'The customer asked for a person: "Talk to a person"',
				},
			},
		]);
	});

	test('once a tool answered, a final text and no more calls', () => {
		const messages = [
			...wrote('Hi'),
			...answered([{ id: 'c1', name: 'Reply_to_the_customer', args: {}, result: '[{}]' }]),
		];
		expect(nextStep({ messages, tools: CHATBOT_TOOLS })).toEqual({
			step: 'answer',
			toolCalls: [],
			content: 'Done.',
		});
	});
});

describe('the stand-in for the model: the server', () => {
	let stub: Stub;
	beforeEach(async () => {
		stub = await createModelStub();
	});
	afterEach(async () => {
		await stub.close();
	});

	const post = (body: object) =>
		fetch(`${stub.baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});

	test('listens on 127.0.0.1 and lists one model', async () => {
		expect(stub.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		const res = await fetch(`${stub.baseUrl}/models`);
		expect(res.status).toBe(200);
		expect(((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toEqual([
			'stub-model',
		]);
	});

	test('answers a completion with tool calls and records the request', async () => {
		const res = await post({ model: 'gpt-4o-mini', messages: PROMPT, tools: TOOLS });
		expect(res.status).toBe(200);
		const json = (await res.json()) as {
			object: string;
			choices: Array<{
				finish_reason: string;
				message: {
					tool_calls: Array<{ id: string; function: { name: string; arguments: string } }>;
				};
			}>;
		};
		expect(json.object).toBe('chat.completion');
		expect(json.choices[0].finish_reason).toBe('tool_calls');
		const calls = json.choices[0].message.tool_calls;
		expect(calls.map((c) => c.function.name)).toEqual(['Read_the_chat', 'Who_can_answer_']);
		expect(JSON.parse(calls[0].function.arguments)).toEqual({ chatSessionId: 901 });
		expect(new Set(calls.map((c) => c.id)).size).toBe(2);
		expect(stub.completions()).toHaveLength(1);
		expect(stub.completions()[0].body.tools).toHaveLength(3);
	});

	test('streams server-sent events when asked to', async () => {
		const res = await post({
			model: 'gpt-4o-mini',
			messages: PROMPT,
			tools: TOOLS,
			stream: true,
			stream_options: { include_usage: true },
		});
		expect(res.headers.get('content-type')).toBe('text/event-stream');
		const events = (await res.text())
			.split('\n\n')
			.filter(Boolean)
			.map((e) => e.replace(/^data: /, ''));
		expect(events.at(-1)).toBe('[DONE]');
		const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
		const toolCalls = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
		expect(toolCalls.map((c) => [c.index, c.function.name])).toEqual([
			[0, 'Read_the_chat'],
			[1, 'Who_can_answer_'],
		]);
		expect(chunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls')).toBe(true);
		expect(chunks.at(-1).usage.total_tokens).toBe(20);
	});

	test('unknown routes, bad bodies and too many requests are refused', async () => {
		expect((await fetch(`${stub.url}/v1/embeddings`, { method: 'POST' })).status).toBe(404);
		expect(
			(
				await fetch(`${stub.baseUrl}/chat/completions`, {
					method: 'POST',
					body: 'not json',
				})
			).status,
		).toBe(400);
		const small = await createModelStub({ maxRequests: 1 });
		try {
			expect((await fetch(`${small.baseUrl}/models`)).status).toBe(200);
			expect((await fetch(`${small.baseUrl}/models`)).status).toBe(429);
		} finally {
			await small.close();
		}
	});
});
