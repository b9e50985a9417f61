// n8n-core writes its settings to ~/.n8n on first use: give the demo a throw-away folder instead.
// Imported first by run.ts, before anything loads n8n-core.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-cec-demo-'));
// A throw-away key: nothing here is stored encrypted beyond the run.
process.env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('hex');
