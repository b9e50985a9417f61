// n8n-core writes its settings to ~/.n8n on first use: give the demo (and the bench and soak, which
// import this too) a throw-away folder instead.
// Imported first by run.ts, before anything loads n8n-core.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.env.N8N_USER_FOLDER === undefined) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-cec-demo-'));
	process.env.N8N_USER_FOLDER = folder;
	// It holds n8n's settings (with the key below): removed when the run ends, however it ends.
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
// A throw-away key: nothing here is stored encrypted beyond the run.
process.env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('hex');
