'use strict';
/**
 * The e2e leg of `npm test`: every suite in one process, so that the suites of an n8n version
 * share its stage (e2e/lib/stage.js: one user folder, the tarball installed once, one `n8n start`).
 * The order is the suites' own: the server restarts of the trigger suites come last.
 *
 * Run: npm run build && node --test --test-concurrency=1 e2e/all.e2e.js
 *      E2E_VERSIONS=2.8.4 … (one version)
 * A suite file also runs alone (`node --test e2e/superoffice.test.js`), with a stage of its own.
 */
require('./smoke.test.js');
require('./superoffice.test.js');
require('./chatTopic.test.js');
require('./handOver.test.js');
require('./aiAgent.test.js');
require('./chatbot.test.js');
require('./errorPages.test.js');
require('./hardening.test.js');
require('./oauth2.test.js');
require('./trigger.test.js');
require('./idleTrigger.test.js');
