// publish.yml's first check: what only the publisher can set is set. n8n's verification needs npm
// provenance, and npm accepts a provenance statement only when package.json's `repository.url` is
// the GitHub repository the workflow runs in; n8n's scanner fails a package whose `author` has no
// e-mail. Fails (exit 1) naming each missing fact; `GITHUB_REPOSITORY` (set by GitHub Actions) is
// compared with `repository.url` when present.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { githubBase } from './readme-links.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const problems = [];

const email =
	typeof pkg.author === 'string' ? /<([^>]+)>/.exec(pkg.author)?.[1] : pkg.author?.email;
if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
	problems.push('package.json "author" has no contact e-mail (n8n\'s scanner requires one)');

let base;
try {
	base = githubBase(pkg.repository);
	if (!base) problems.push('package.json has no "repository.url" (npm provenance requires it)');
} catch (error) {
	problems.push(error.message);
}
const running = process.env.GITHUB_REPOSITORY;
if (base && running && base.toLowerCase() !== `https://github.com/${running}`.toLowerCase())
	problems.push(`"repository.url" is ${base}, but this workflow runs in github.com/${running}`);

if (problems.length > 0) {
	console.error(`release-ready: not publishable:\n- ${problems.join('\n- ')}`);
	process.exitCode = 1;
} else console.log(`release-ready: author e-mail and repository (${base}) are set`);
