/**
 * The credential tests' API root as an n8n expression. Declarative credential tests run in
 * n8n's expression engine, not here, so `toApiRoot` (apiRoot.ts) cannot be called; these
 * pieces redo its normalization (test/integration/oauth2.test.ts checks that both agree).
 */

/** The Base URL as typed, trimmed. */
export const BASE_URL_EXPRESSION = 'String($credentials.baseUrl || "").trim()';

/** toApiRoot: drop query, fragment, /default.aspx, trailing slashes, /api, /api/v1; lower-case scheme and host. */
export const API_ROOT_EXPRESSION =
	`${BASE_URL_EXPRESSION}.replace(/[?#].*$/, "").replace(/^[a-z][a-z0-9+.-]*:\\/\\/[^\\/]+/i, (origin) => origin.toLowerCase())` +
	'.replace(/\\/default\\.aspx$/i, "").replace(/\\/+$/, "").replace(/\\/api(\\/v1)?$/i, "") + "/api/v1"';
