// @ts-check
'use strict';
/**
 * What routes may use from the running sandbox.
 * @typedef {{
 *   state: import('../state').SandboxState,
 *   apiUrl: () => string,
 *   odata: { defaultPageSize: number, maxPageSize: number, paging: import('../faults').PagingMode | null },
 *   archiveContext: () => import('../archive').ArchiveContext,
 *   webhooks: import('../webhooks').WebhookCenter,
 * }} RouteEnv
 */
module.exports = {};
