/**
 * A tiny recording HTTP server on 127.0.0.1:<random port> for integration tests.
 * Every request is recorded (method, path, query, headers, raw + parsed JSON body);
 * responses come from a handler you can swap per test.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path + query as received, e.g. `/api/v1/Contact/1?x=1`. */
	url: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: string;
	/** Parsed JSON body, or undefined if the body is empty / not JSON. */
	body: unknown;
}

export interface HandlerResponse {
	status?: number;
	headers?: Record<string, string>;
	/** Objects/arrays are sent as JSON; strings/Buffers as-is. */
	body?: unknown;
}

export type RequestHandler = (req: RecordedRequest) => HandlerResponse | Promise<HandlerResponse>;

export interface TestServer {
	/** e.g. `http://127.0.0.1:43123` (no trailing slash). */
	url: string;
	port: number;
	requests: RecordedRequest[];
	setHandler(handler: RequestHandler): void;
	reset(): void;
	close(): Promise<void>;
	server: Server;
}

const defaultHandler: RequestHandler = () => ({ status: 200, body: { ok: true } });

export async function startTestServer(
	handler: RequestHandler = defaultHandler,
): Promise<TestServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const rawBody = Buffer.concat(chunks).toString('utf8');
				let body: unknown;
				try {
					body = rawBody ? JSON.parse(rawBody) : undefined;
				} catch {
					body = undefined;
				}
				const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
				const recorded: RecordedRequest = {
					method: req.method ?? 'GET',
					url: req.url ?? '/',
					path: parsed.pathname,
					query: Object.fromEntries(parsed.searchParams.entries()),
					headers: req.headers,
					rawBody,
					body,
				};
				requests.push(recorded);
				let response: HandlerResponse;
				try {
					response = await current(recorded);
				} catch (error) {
					response = { status: 500, body: { message: (error as Error).message } };
				}
				const status = response.status ?? 200;
				const headers: Record<string, string> = { ...(response.headers ?? {}) };
				let payload: string | Buffer = '';
				if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
					payload = response.body;
				} else if (response.body !== undefined) {
					payload = JSON.stringify(response.body);
					headers['content-type'] ??= 'application/json';
				}
				res.writeHead(status, headers);
				res.end(payload);
			})();
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		server,
		setHandler(next) {
			current = next;
		},
		reset() {
			requests.length = 0;
			current = handler;
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
