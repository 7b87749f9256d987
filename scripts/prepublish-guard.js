#!/usr/bin/env node
// `prepublishOnly`: the package is published only by .github/workflows/publish.yml (npm
// provenance ties the tarball to the commit it was built from). A publish from any other
// machine stops here.
'use strict';

if (process.env.CI !== 'true' || process.env.GITHUB_ACTIONS !== 'true') {
	console.error(
		'Refusing to publish from this machine: releases are published by the GitHub Actions workflow ' +
			'publish.yml (with npm provenance). Push a version tag (vX.Y.Z) instead; see README.md, "Releasing".',
	);
	process.exit(1);
}
