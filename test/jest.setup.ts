// n8n-core writes ~/.n8n/config (with a generated encryption key) on first use; keep that out of the
// developer's home: one folder per jest worker, reused across runs.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = join(tmpdir(), `n8n-cec-test-${process.env.JEST_WORKER_ID ?? '0'}`);
mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;

// n8n's logger prints every node error of every test run; tests that read the logs turn it back on
// (see test/reliability/secrets.test.ts) before loading n8n.
process.env.N8N_LOG_LEVEL = 'silent';
