/**
 * Proves the integration-test harness (test/harness) runs nodes through n8n-core's real
 * WorkflowExecute + request helpers + credential authentication.
 * Uses test-only node/credential types; no SuperOffice code involved.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import {
	HARNESS_ITEMS_NODE_NAME,
	HARNESS_TRIGGER_NODE_NAME,
	findCredentialTestFunction,
	getHarnessEnvironment,
	makeNode,
	runCredentialTest,
	runWorkflow,
	startTestServer,
} from '../harness';
import type { RecordedRequest, TestServer } from '../harness';

// ------------------------------------------------------------------ test-only types

/** FUNCTION authenticate: adds a header. */
class TestApi implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API';

	properties = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Tenant', name: 'tenant', type: 'string' as const, default: 'default-tenant' },
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				'X-Api-Key': credentials.apiKey as string,
				'X-Tenant': credentials.tenant as string,
			},
		};
	}
}

/** GENERIC authenticate: `={{$credentials.x}}` resolved by n8n's expression engine. */
class TestBearerApi implements ICredentialType {
	name = 'testBearerApi';

	displayName = 'Test Bearer API';

	properties = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Tenant', name: 'tenant', type: 'string' as const, default: '' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	};
}

/** OAuth2 child credential: goes through n8n-core's real requestOAuth2. */
class TestOAuth2Api implements ICredentialType {
	name = 'testOAuth2Api';

	displayName = 'Test OAuth2 API';

	extends = ['oAuth2Api'];

	properties = [];
}

const NODE_TYPE = 'test.recordPoster';

const credentialTest = async function (
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data!;
	try {
		await this.helpers.request({
			method: 'GET',
			uri: `${data.baseUrl as string}/me`,
			headers: { 'X-Api-Key': data.apiKey },
			json: true,
		});
	} catch (error) {
		return { status: 'Error', message: `Auth failed: ${(error as Error).message}` };
	}
	return { status: 'OK', message: 'Connection successful' };
};

/** Loops over items, POSTs each with httpRequestWithAuthentication, pairs outputs to inputs. */
class RecordPoster implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Record Poster',
		name: NODE_TYPE,
		group: ['transform'],
		version: [1, 2],
		description: 'test node',
		defaults: { name: 'Record Poster' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'testApi',
				required: true,
				testedBy: 'testApiTest',
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'testBearerApi',
				required: true,
				displayOptions: { show: { authentication: ['bearer'] } },
			},
			{
				name: 'testOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'Bearer', value: 'bearer' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'apiKey',
			},
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '', required: true },
			{ displayName: 'Record ID', name: 'recordId', type: 'string', default: '' },
		],
	};

	methods = { credentialTest: { testApiTest: credentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const authentication = this.getNodeParameter('authentication', 0) as string;
		const credentialType = {
			apiKey: 'testApi',
			bearer: 'testBearerApi',
			oAuth2: 'testOAuth2Api',
		}[authentication]!;
		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const recordId = this.getNodeParameter('recordId', i) as string;
				const baseUrl = this.getNodeParameter('baseUrl', i) as string;
				const response = await this.helpers.httpRequestWithAuthentication.call(
					this,
					credentialType,
					{
						method: 'POST',
						url: `${baseUrl}/records/${recordId}`,
						body: { recordId },
						json: true,
					},
				);
				returnData.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeApiError) {
					error.message = `Record ${i} failed: ${error.message}`;
					throw error;
				}
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [returnData];
	}
}

/** Downstream node for graph mode: resolves `$('Input Items').item` through pairedItem. */
class Annotate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Annotate',
		name: 'test.annotate',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Annotate' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Origin', name: 'origin', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => ({
				json: { ...item.json, origin: this.getNodeParameter('origin', i) },
				pairedItem: { item: i },
			})),
		];
	}
}

// ------------------------------------------------------------------ server

let server: TestServer;

function handler(req: RecordedRequest) {
	if (req.path === '/token') {
		const params = new URLSearchParams(req.rawBody);
		const token = params.get('grant_type') === 'refresh_token' ? 'access-2' : 'access-1';
		return {
			body: {
				access_token: token,
				refresh_token: 'refresh-2',
				token_type: 'bearer',
				expires_in: 3600,
			},
		};
	}
	if (req.path === '/me') {
		return req.headers['x-api-key'] === 'good'
			? { body: { id: 1 } }
			: { status: 401, body: { message: 'bad key' } };
	}
	const auth = req.headers.authorization;
	if (auth === 'Bearer expired') return { status: 401, body: { message: 'token expired' } };
	if (req.path === '/records/fail') return { status: 500, body: { message: 'kaboom' } };
	const id = req.path.split('/').pop();
	return { body: { id, received: req.body } };
}

beforeAll(async () => {
	server = await startTestServer(handler);
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => server.reset());

const nodeTypes = { [NODE_TYPE]: new RecordPoster() };
const credentialTypes = [new TestApi(), new TestBearerApi(), new TestOAuth2Api()];
const apiKeyCredentials = { testApi: { id: '7', name: 'Test', data: { apiKey: 'secret-key' } } };

// ------------------------------------------------------------------ tests

describe('harness: runWorkflow', () => {
	test('function authenticate: headers reach the server, 3 items in -> 3 out in order with pairedItem', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: apiKeyCredentials,
			inputItems: [{ json: { id: 10 } }, { json: { id: 20 } }, { json: { id: 30 } }],
			node: {
				type: NODE_TYPE,
				parameters: { baseUrl: server.url, recordId: '={{ $json.id }}' },
			},
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.nodeName).toBe('Record Poster');
		expect(result.nodeExecutionOrder).toEqual([
			HARNESS_TRIGGER_NODE_NAME,
			HARNESS_ITEMS_NODE_NAME,
			'Record Poster',
		]);

		expect(server.requests.map((r) => [r.method, r.path])).toEqual([
			['POST', '/records/10'],
			['POST', '/records/20'],
			['POST', '/records/30'],
		]);
		for (const req of server.requests) {
			expect(req.headers['x-api-key']).toBe('secret-key');
			// default of the credential property applied by getDecrypted (like n8n)
			expect(req.headers['x-tenant']).toBe('default-tenant');
		}
		// `={{ $json.id }}` keeps the number type (n8n does not coerce 'string' params here)
		expect(server.requests[0].body).toEqual({ recordId: 10 });

		expect(result.items.map((i) => i.json.id)).toEqual(['10', '20', '30']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		const calls = result.credentialsHelper.authenticateCalls;
		expect(calls).toHaveLength(3);
		expect(calls.every((c) => c.kind === 'function' && c.typeName === 'testApi')).toBe(true);
		expect(calls[0].nodeName).toBe('Record Poster');
		expect((calls[0].requestAfter.headers as Record<string, string>)['X-Api-Key']).toBe(
			'secret-key',
		);
		expect(result.credentialsHelper.getDecryptedCalls[0]).toMatchObject({
			type: 'testApi',
			nodeCredentials: { id: '7', name: 'Test' },
			mode: 'manual',
		});
	});

	test('generic authenticate: ={{$credentials.token}} resolved into headers and qs', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: { testBearerApi: { data: { token: 'tok-123', tenant: 'acme' } } },
			inputItems: [{ json: { id: 1 } }],
			node: {
				type: NODE_TYPE,
				parameters: { authentication: 'bearer', baseUrl: server.url, recordId: '={{ $json.id }}' },
			},
		});

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers.authorization).toBe('Bearer tok-123');
		expect(server.requests[0].query).toEqual({ tenant: 'acme' });
		expect(result.credentialsHelper.authenticateCalls).toHaveLength(1);
		expect(result.credentialsHelper.authenticateCalls[0].kind).toBe('generic');
	});

	test('credential fields that are expressions are resolved like in n8n', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: { testApi: { data: { apiKey: '={{ "k-" + (40 + 2) }}' } } },
			node: { type: NODE_TYPE, parameters: { baseUrl: server.url, recordId: 'x' } },
		});
		expect(result.error).toBeUndefined();
		expect(server.requests[0].headers['x-api-key']).toBe('k-42');
		// without inputItems the node gets the Manual Trigger's single empty item
		expect(result.nodeExecutionOrder).toEqual([HARNESS_TRIGGER_NODE_NAME, 'Record Poster']);
		expect(result.items).toHaveLength(1);
	});

	test('a thrown NodeApiError stops the run and result.error carries it', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: apiKeyCredentials,
			inputItems: [{ json: { id: 1 } }, { json: { id: 'fail' } }, { json: { id: 3 } }],
			node: { type: NODE_TYPE, parameters: { baseUrl: server.url, recordId: '={{ $json.id }}' } },
		});

		expect(result.status).toBe('error');
		expect(result.finished).toBe(false);
		expect(result.error).toBeDefined();
		expect(result.error!.name).toBe('NodeApiError');
		expect(result.error!.message).toMatch(/^Record 1 failed: /);
		expect((result.error as unknown as { httpCode: string }).httpCode).toBe('500');
		expect(JSON.stringify(result.error)).toContain('kaboom');
		// the third item is never requested
		expect(server.requests.map((r) => r.path)).toEqual(['/records/1', '/records/fail']);
		expect(result.items).toEqual([]);
		expect(result.runData['Record Poster'][0].error?.message).toBe(result.error!.message);
	});

	test("onError: 'continueRegularOutput' -> continueOnFail() is true and the run continues", async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: apiKeyCredentials,
			inputItems: [{ json: { id: 1 } }, { json: { id: 'fail' } }, { json: { id: 3 } }],
			node: {
				type: NODE_TYPE,
				parameters: { baseUrl: server.url, recordId: '={{ $json.id }}' },
				onError: 'continueRegularOutput',
			},
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(server.requests).toHaveLength(3);
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.id).toBe('1');
		expect(result.items[1].json.error).toEqual(expect.any(String));
		expect(result.items[2].json.id).toBe('3');
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test("onError: 'continueErrorOutput' -> error items are routed to the error output by n8n-core", async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: apiKeyCredentials,
			inputItems: [{ json: { id: 1 } }, { json: { id: 'fail' } }],
			node: {
				type: NODE_TYPE,
				parameters: { baseUrl: server.url, recordId: '={{ $json.id }}' },
				onError: 'continueErrorOutput',
			},
		});
		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0]!.map((i) => i.json.id)).toEqual(['1']);
		expect(result.outputs[1]).toHaveLength(1);
		// n8n merges the paired input item's json into the error item
		expect(result.outputs[1]![0].json).toMatchObject({ id: 'fail', error: expect.any(String) });
	});

	test('graph mode: downstream expression resolves $("Input Items").item through pairedItem', async () => {
		const types = { ...nodeTypes, 'test.annotate': new Annotate() };
		const result = await runWorkflow({
			nodeTypes: types,
			credentialTypes,
			credentials: apiKeyCredentials,
			inputItems: [{ json: { id: 5, label: 'five' } }, { json: { id: 6, label: 'six' } }],
			nodes: [
				makeNode({ name: 'Start', type: 'harness.manualTrigger' }),
				makeNode({ name: 'Items', type: 'harness.items' }),
				makeNode(
					{
						name: 'Poster',
						type: NODE_TYPE,
						parameters: { baseUrl: server.url, recordId: '={{ $json.id }}' },
						credentials: { testApi: { id: '7', name: 'Test' } },
					},
					types,
				),
				makeNode({
					name: 'Annotate',
					type: 'test.annotate',
					parameters: { origin: "={{ $('Items').item.json.label }}" },
				}),
			],
			connections: {
				Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
				Items: { main: [[{ node: 'Poster', type: 'main', index: 0 }]] },
				Poster: { main: [[{ node: 'Annotate', type: 'main', index: 0 }]] },
			},
			resultNode: 'Annotate',
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.id, i.json.origin])).toEqual([
			['5', 'five'],
			['6', 'six'],
		]);
	});

	test('OAuth2 (clientCredentials) goes through n8n-core requestOAuth2 and stores the token', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: {
				testOAuth2Api: {
					data: {
						grantType: 'clientCredentials',
						accessTokenUrl: `${server.url}/token`,
						clientId: 'cid',
						clientSecret: 'csecret',
						authentication: 'body',
					},
				},
			},
			node: {
				type: NODE_TYPE,
				parameters: { authentication: 'oAuth2', baseUrl: server.url, recordId: 'r1' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(server.requests.map((r) => r.path)).toEqual(['/token', '/records/r1']);
		expect(server.requests[0].rawBody).toContain('grant_type=client_credentials');
		expect(server.requests[1].headers.authorization).toBe('Bearer access-1');
		// OAuth2 does not use authenticate(); the token was persisted via the helper
		expect(result.credentialsHelper.authenticateCalls).toHaveLength(0);
		expect(result.credentialsHelper.credentialUpdates[0].kind).toBe(
			'updateCredentialsOauthTokenData',
		);
		expect(
			(
				result.credentialsHelper.getStoredData('testOAuth2Api')!.oauthTokenData as {
					access_token: string;
				}
			).access_token,
		).toBe('access-1');
	});

	test('OAuth2 (authorizationCode): 401 triggers a real refresh-token round trip', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: {
				testOAuth2Api: {
					data: {
						grantType: 'authorizationCode',
						authUrl: `${server.url}/authorize`,
						accessTokenUrl: `${server.url}/token`,
						clientId: 'cid',
						clientSecret: 'csecret',
						oauthTokenData: {
							access_token: 'expired',
							refresh_token: 'refresh-1',
							token_type: 'Bearer',
						},
					},
				},
			},
			node: {
				type: NODE_TYPE,
				parameters: { authentication: 'oAuth2', baseUrl: server.url, recordId: 'r2' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(server.requests.map((r) => r.path)).toEqual(['/records/r2', '/token', '/records/r2']);
		expect(server.requests[1].rawBody).toContain('grant_type=refresh_token');
		expect(server.requests[2].headers.authorization).toBe('Bearer access-2');
		expect(
			(
				result.credentialsHelper.getStoredData('testOAuth2Api')!.oauthTokenData as {
					access_token: string;
				}
			).access_token,
		).toBe('access-2');
	});

	test('missing required parameter: n8n refuses to start (rejects with the issues)', async () => {
		await expect(
			runWorkflow({
				nodeTypes,
				credentialTypes,
				credentials: apiKeyCredentials,
				node: { type: NODE_TYPE, parameters: {} },
			}),
		).rejects.toThrow(/baseUrl/);
	});

	test('abortSignal cancels a running execution', async () => {
		let release: () => void = () => {};
		server.setHandler(
			() =>
				new Promise((resolve) => {
					release = () => resolve({ body: {} });
				}),
		);
		const controller = new AbortController();
		const running = runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: apiKeyCredentials,
			node: { type: NODE_TYPE, parameters: { baseUrl: server.url, recordId: 'slow' } },
			abortSignal: controller.signal,
		});
		while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
		controller.abort();
		const result = await running;
		release();
		expect(result.status).toBe('canceled');
		expect(result.finished).toBe(false);
	});

	test('environment: throwaway N8N_USER_FOLDER with n8n settings file', () => {
		const env = getHarnessEnvironment()!;
		expect(env.userFolder).toContain('n8n-harness-');
		const settings = JSON.parse(readFileSync(path.join(env.userFolder, '.n8n', 'config'), 'utf8'));
		expect(settings.encryptionKey).toBe(env.encryptionKey);
		expect(existsSync(env.userFolder)).toBe(true);
	});
});

describe('harness: runCredentialTest', () => {
	const testFn = findCredentialTestFunction(new RecordPoster(), 'testApi');

	test('returns OK when the request via this.helpers.request succeeds', async () => {
		const result = await runCredentialTest(
			testFn,
			{ apiKey: 'good', baseUrl: server.url },
			{ id: '1', name: 'cred' },
		);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(server.requests[0].path).toBe('/me');
	});

	test('returns Error when the server rejects the key', async () => {
		const result = await runCredentialTest(testFn, { apiKey: 'bad', baseUrl: server.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Auth failed/);
	});

	test('with credentialType: defaults applied and undeclared fields dropped (like the CLI)', async () => {
		let seen: ICredentialDataDecryptedObject | undefined;
		await runCredentialTest(
			async function (this: ICredentialTestFunctions, cred: ICredentialsDecrypted) {
				seen = cred.data;
				return { status: 'OK', message: '' };
			},
			{ apiKey: 'k', undeclared: 'x' },
			{ credentialType: new TestApi() },
		);
		expect(seen).toEqual({ apiKey: 'k', tenant: 'default-tenant' });
	});
});
