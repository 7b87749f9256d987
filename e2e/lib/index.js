'use strict';
/** Real-n8n end-to-end helpers. See e2e/README.md. */
const {
	n8nInstance,
	QUIET_ENV,
	DEFAULT_OWNER,
	freePort,
	extractJson,
	summarizeRun,
	assertRunCompleted,
} = require('./n8n');
const {
	listVersions,
	installedVersions,
	cmpSemver,
	runtimeFor,
	versionDir,
	E2E_DIR,
} = require('./runtime');
const { run, start } = require('./proc');
const { buildSmokePackage, packRepo } = require('./packages');
const {
	REPO,
	PKG,
	selectedVersions,
	missingVersions,
	distBuilt,
	packageTargets,
	usePackedRepo,
	reportTargets,
	releaseEdges,
	reportMissing,
	strict,
} = require('./targets');

module.exports = {
	n8nInstance,
	QUIET_ENV,
	DEFAULT_OWNER,
	freePort,
	extractJson,
	summarizeRun,
	assertRunCompleted,
	listVersions,
	installedVersions,
	cmpSemver,
	runtimeFor,
	versionDir,
	E2E_DIR,
	run,
	start,
	buildSmokePackage,
	packRepo,
	REPO,
	PKG,
	selectedVersions,
	missingVersions,
	distBuilt,
	packageTargets,
	usePackedRepo,
	reportTargets,
	releaseEdges,
	reportMissing,
	strict,
};
